/**
 * The JSON codec seam: {@link com.earnbase.redis.json.JsonCodec} and its Jackson 3 and
 * Jackson 2 implementations, the only public types of the library that name a Jackson
 * type. Both default mappers write one wire format.
 */
package com.earnbase.redis.json;
