package com.earnbase.redis.autoconfigure;

/** The architecture rules on the Boot 4 bridge's classes too. */
class Boot4ArchitectureUnitTests extends AutoConfigurationArchitectureUnitTests {

}
