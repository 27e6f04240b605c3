package com.earnbase.redis.autoconfigure;

/** The architecture rules on the Boot 3 bridge's classes too. */
class Boot3ArchitectureUnitTests extends AutoConfigurationArchitectureUnitTests {

}
