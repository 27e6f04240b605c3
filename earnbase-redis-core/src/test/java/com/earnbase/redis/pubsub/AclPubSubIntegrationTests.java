package com.earnbase.redis.pubsub;

import com.earnbase.redis.testsupport.RedisAclFixture;
import com.earnbase.redis.testsupport.RedisTopology;

/**
 * The pub/sub suite as an ACL user restricted to its prefix ({@code ~app:*},
 * {@code &app:*}): no NOPERM anywhere.
 */
class AclPubSubIntegrationTests extends AbstractPubSubIntegrationTests {

	@Override
	protected RedisTopology topology() {
		return RedisAclFixture.shared();
	}

	@Override
	protected boolean supportsPatternSubscriptions() {
		// Redis matches a PSUBSCRIBE pattern literally against the user's channel rules
		// (&app:*).
		return false;
	}

}
