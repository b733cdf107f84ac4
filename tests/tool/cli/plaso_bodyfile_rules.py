"""plaso's bodyfile parser, restated as a checker (plaso is not packaged for Debian's CI here).

From log2timeline/plaso, plaso/parsers/bodyfile.py (BodyfileParser.ParseFileObject):
  * the file is read as UTF-8 lines (end of line "\\n"); a line that is not UTF-8 stops parsing;
  * a line is split on "|"; fewer than 11 values is an extraction warning (on the first line:
    not a bodyfile at all, WrongParser);
  * MD5: "0" means none, else it must be 32 hex digits (a recovery warning otherwise);
  * the last four values are crtime, ctime, mtime, atime, each read with float(); an empty value
    is None, one float() rejects a recovery warning (WrongParser on the first line);
  * then size, GID, UID as base 10 integers, mode_as_string, inode (its part before "-" as an
    integer); the remaining values joined with "|" are the file name;
  * a name with a character in 0x00-0x1f or 0x7f-0x9f is a recovery warning; otherwise the escapes
    \\xNN, \\| and \\\\ are decoded;
  * one event per time that is not 0 or None: atime "Last Access Time", ctime "Metadata
    Modification Time", crtime "Creation Time", mtime "Content Modification Time" (a line without
    any time gets one "Not a time" event); each time is POSIX seconds, marked as local time, so
    plaso's --timezone shifts it.
parse(data) returns the lines as (name, {description: seconds}) and raises RuleBroken on anything
that would be a warning or an error.
"""
import re

MD5 = re.compile(r"^[0-9a-fA-F]{32}$")
NON_PRINTABLE = set(range(0, 0x20)) | set(range(0x7F, 0xA0))
TIME_NAMES = ("Creation Time", "Metadata Modification Time", "Content Modification Time", "Last Access Time")


class RuleBroken(Exception):
    pass


def parse(data):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise RuleBroken("not UTF-8: %s" % e)
    entries = []
    for number, line in enumerate(text.split("\n")):
        if line == "" and number == len(text.split("\n")) - 1:
            break
        values = line.split("|")
        if len(values) < 11:
            raise RuleBroken("line %d: %d values" % (number, len(values)))
        md5 = values.pop(0)
        if md5 != "0" and md5 and not MD5.match(md5):
            raise RuleBroken("line %d: invalid MD5 %r" % (number, md5))
        times = {}
        for name in TIME_NAMES:  # crtime, ctime, mtime, atime: popped from the end
            value = values.pop(-1) or None
            if value is not None:
                try:
                    value = float(value)
                except ValueError:
                    raise RuleBroken("line %d: invalid %s %r" % (number, name, value))
            if value:
                times[name] = value
        for what in ("size", "GID", "UID"):
            value = values.pop(-1) or None
            if value is not None:
                try:
                    int(value, 10)
                except ValueError:
                    raise RuleBroken("line %d: invalid %s %r" % (number, what, value))
        values.pop(-1)  # mode_as_string
        inode = (values.pop(-1) or "").partition("-")[0]
        try:
            int(inode, 10)
        except ValueError:
            raise RuleBroken("line %d: invalid inode %r" % (number, inode))
        filename = "|".join(values)
        if any(ord(c) in NON_PRINTABLE for c in filename):
            raise RuleBroken("line %d: control characters in the name %r" % (number, filename))
        filename = re.sub(r"\\x([0-9a-f]{2})", lambda m: chr(int(m.group(1), 16)), filename)
        filename = filename.replace("\\|", "|").replace("\\\\", "\\")
        entries.append((filename, times))
    return entries
