/* The capture manifest's SHA-256 against digests computed elsewhere: FIPS 180-2
 * Appendix B's examples (one million 'a' fed in uneven pieces among them) and
 * coreutils sha256sum's digests of 55, 56 and 64 'a' (the padding boundaries). */
#include <check.h>
#include <string.h>

#include "common/sha256.h"
#include "run_suite.h"

static void expect_digest(const char *message, size_t len, const char *want)
{
    char hex[SHA256_HEX_SIZE];
    sha256_hex(message, len, hex);
    ck_assert_str_eq(hex, want);
}

START_TEST(empty_message)
{
    expect_digest("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
END_TEST

START_TEST(one_block_abc)
{
    expect_digest("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
END_TEST

START_TEST(two_blocks_448_bits)
{
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    expect_digest(m, strlen(m), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}
END_TEST

START_TEST(million_a_in_uneven_pieces)
{
    static char a[1000];
    memset(a, 'a', sizeof a);
    sha256_state s;
    sha256_init(&s);
    size_t fed = 0;
    for (size_t piece = 1; fed < 1000000; piece = piece % 997 + 1) {
        const size_t take = piece < 1000000 - fed ? piece : 1000000 - fed;
        sha256_update(&s, a, take);
        fed += take;
    }
    unsigned char digest[SHA256_DIGEST_SIZE];
    sha256_final(&s, digest);
    static const unsigned char want[SHA256_DIGEST_SIZE] = {
        0xcd, 0xc7, 0x6e, 0x5c, 0x99, 0x14, 0xfb, 0x92, 0x81, 0xa1, 0xc7, 0xe2, 0x84, 0xd7, 0x3e, 0x67,
        0xf1, 0x80, 0x9a, 0x48, 0xa4, 0x97, 0x20, 0x0e, 0x04, 0x6d, 0x39, 0xcc, 0xc7, 0x11, 0x2c, 0xd0};
    ck_assert_mem_eq(digest, want, sizeof want);
}
END_TEST

/* 55, 56 and 64 bytes: the padding fits in the block, just does not, or needs a block of its own. */
START_TEST(padding_boundaries)
{
    static const struct {
        size_t len;
        const char *want;
    } cases[] = {
        {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
    };
    char a[64];
    memset(a, 'a', sizeof a);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        expect_digest(a, cases[i].len, cases[i].want);
    }
}
END_TEST

static Suite *sha256_suite(void)
{
    Suite *s = suite_create("sha256");
    TCase *vectors = tcase_create("vectors");
    tcase_add_test(vectors, empty_message);
    tcase_add_test(vectors, one_block_abc);
    tcase_add_test(vectors, two_blocks_448_bits);
    tcase_add_test(vectors, million_a_in_uneven_pieces);
    tcase_add_test(vectors, padding_boundaries);
    suite_add_tcase(s, vectors);
    return s;
}

int main(void)
{
    return run_suite(sha256_suite());
}
