/*
 * fuzz_tzif.c — the TZif reader (date_zone_from_tzif) on arbitrary bytes,
 * then offset lookups across the whole range of instants, including the
 * POSIX footer rule. Any zone that loads must answer every lookup with an
 * offset within a day of UTC. Seeds are real zoneinfo files.
 */
#include <stdlib.h>

#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    date_zone *z = date_zone_from_tzif(data, size);
    if (!z)
        return 0;
    static const int64_t probes[] = {INT64_MIN, -62135596800LL, -2208988800LL, -1, 0,
                                     1660880921LL, 2147483647LL, 4118083200LL,
                                     253402300799LL, INT64_MAX};
    for (size_t i = 0; i < NM_ARRAY_LEN(probes); i++) {
        long off = date_zone_offset(z, probes[i]);
        if (off <= -25L * 3600 || off >= 25L * 3600)
            abort();
    }
    for (int64_t t = 0; t < 4200000000LL; t += 86400LL * 37 + 3607) {
        date_parts p;
        date_split(t, z, &p);
        if (p.month < 1)
            abort();
    }
    date_zone_free(z);
    return 0;
}
