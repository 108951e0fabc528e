// Test support: keys for Web Push tests. A test-only VAPID key (given to loket as the PEM
// itself) with its public key, and the browser keys of RFC 8291's example (a valid subscription).
#pragma once

namespace loket::testing {

inline constexpr const char* kVapidPem =
    "-----BEGIN EC PRIVATE KEY-----\n"
    "MHcCAQEEIABHCnoMpvFJCEBLr905C5DrehJIZATaN7JUgKFYmSwkoAoGCCqGSM49\n"
    "AwEHoUQDQgAE85NzlJKXZHA+YapTaTqd6AqPWeGP7gkJRLKHbvjv1vp6Se/8wJUn\n"
    "80Lxs+6io9EZfgDOKH39MczGegmr8HUj6w==\n"
    "-----END EC PRIVATE KEY-----\n";
inline constexpr const char* kVapidPublic =
    "BPOTc5SSl2RwPmGqU2k6negKj1nhj-4JCUSyh27479b6eknv_MCVJ_NC8bPuoqPRGX4Azih9_THMxnoJq_B1I-s";
inline constexpr const char* kP256dh =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
inline constexpr const char* kAuth = "BTBZMqHH6r4Tts7J_aSIgg";

}  // namespace loket::testing
