"""Timesketch's import rules for JSON Lines and CSV, restated as a checker.

Timesketch is a server (Flask, OpenSearch, Celery) that CI cannot run, so this file states again
what its importer does with a file, from google/timesketch, timesketch/lib/utils.py:

read_and_validate_jsonl(file_handle):
  * each line is read with json.loads; a line that is not JSON raises DataIngestionError and
    stops the import (ValueError -> "Error parsing JSON at line N");
  * a line with "timestamp" but no "datetime" gets datetime from the first 10 digits of the
    timestamp (we never rely on this: mibtcp always writes datetime);
  * a line with "datetime" but no "timestamp" gets
        timestamp = int(dateutil.parser.parse(datetime).timestamp() * 1000000)
    and a datetime dateutil cannot parse makes the line be SKIPPED (logged, not an error);
  * mandatory fields: "message", "datetime", "timestamp_desc"; a line without one of them
    raises RuntimeError ("Missing field(s) at line N") and stops the import;
  * a "tag" field is parsed by _parse_tag_field (JSON list, "-" = none, comma list);
  * _scrub_special_tags removes "_id", "_type", "_index", "_source", "__ts_timeline_id".
read_and_validate_csv (the CSV importer: rows with an empty or unparsable datetime are dropped
with only a warning) is not restated: mibtcp writes Timesketch input as JSON Lines only.

Beyond the importer, dateutil turns a datetime without a zone into the server's local time, so
this checker also requires an explicit UTC zone ("Z" or "+00:00"): otherwise the event would
move with the server's time zone, silently.

check_jsonl(lines) returns the events as Timesketch would store them and raises RuleBroken for
anything the importer would reject, skip or drop, or whose values it would change.
"""
import datetime
import json

from dateutil import parser as dateutil_parser

MANDATORY = ("message", "datetime", "timestamp_desc")
SCRUBBED = ("_id", "_type", "_index", "_source", "__ts_timeline_id")


class RuleBroken(Exception):
    pass


def _utc_aware(text, where):
    parsed = dateutil_parser.parse(text)
    if parsed.tzinfo is None or parsed.utcoffset() != datetime.timedelta(0):
        raise RuleBroken("%s: datetime %r has no UTC zone: Timesketch would read it as local time" % (where, text))
    return parsed


def check_jsonl(data):
    """data: the bytes of a JSON Lines file. Returns the events, each with its timestamp."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise RuleBroken("not UTF-8: %s" % e)
    events = []
    for lineno, line in enumerate(text.splitlines(keepends=True), 1):
        try:
            event = json.loads(line)
        except ValueError as e:
            raise RuleBroken("line %d: Error parsing JSON: %s" % (lineno, e))
        if not isinstance(event, dict):
            raise RuleBroken("line %d: not a JSON object" % lineno)
        missing = [f for f in MANDATORY if f not in event]
        if missing:
            raise RuleBroken("line %d: Missing field(s): %s" % (lineno, ",".join(missing)))
        for f in MANDATORY:
            if not isinstance(event[f], str) or not event[f]:
                raise RuleBroken("line %d: %s is not a non-empty string" % (lineno, f))
        try:
            parsed = _utc_aware(event["datetime"], "line %d" % lineno)
        except (ValueError, OverflowError) as e:  # dateutil's ParserError is a ValueError
            raise RuleBroken("line %d: Unable to parse timestamp, the line would be skipped: %s" % (lineno, e))
        scrubbed = [f for f in SCRUBBED if f in event]
        if scrubbed:
            raise RuleBroken("line %d: fields Timesketch removes: %s" % (lineno, scrubbed))
        if "tag" in event:
            raise RuleBroken("line %d: a tag field, which Timesketch rewrites" % lineno)
        if "timestamp" not in event:
            event["timestamp"] = int(parsed.timestamp() * 1000000)
        events.append(event)
    return events

