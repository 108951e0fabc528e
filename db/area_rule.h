// Internal to db: the SQL condition "contact c is in the area of notification n" (everyone,
// postcodes, postcode prefixes, or a circle; broadcast contacts always), in one place for the
// fan-out and the count staff see before sending, so that the count is what the fan-out reaches.
// `n` has postcodes, postcode_prefixes, lat, lon and radius_m; `c` is a contacts row. A macro:
// string literals join at compile time, so both statements stay constants.
#pragma once

#define LOKET_CONTACT_IN_AREA                                                \
  "((n.postcodes IS NULL AND n.postcode_prefixes IS NULL AND n.lat IS NULL)" \
  " OR c.broadcast"                                                          \
  " OR c.postcode = ANY (n.postcodes)"                                       \
  " OR EXISTS (SELECT 1 FROM unnest(n.postcode_prefixes) AS p"               \
  "            WHERE starts_with(c.postcode, p))"                            \
  " OR (n.lat IS NOT NULL AND c.lat IS NOT NULL AND"                         \
  "     2 * 6371008.8 * asin(sqrt("                                          \
  "       power(sin(radians(c.lat - n.lat) / 2), 2) +"                       \
  "       cos(radians(n.lat)) * cos(radians(c.lat)) *"                       \
  "       power(sin(radians(c.lon - n.lon) / 2), 2))) <= n.radius_m))"
