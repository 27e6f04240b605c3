package com.earnbase.redis.lock;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.earnbase.redis.support.PrimitiveSupport;

/**
 * Waits for replicas to acknowledge a lock's write ({@code WAIT} after the acquire or
 * extend script, on the connection that carried it), as
 * {@link LockOptions#replicasToAck()} asks.
 */
final class ReplicaAcks {

	/** The operation WAIT is timed and reported under. */
	static final String OPERATION = "lock.wait";

	private final PrimitiveSupport client;

	private final int required;

	private final Duration timeout;

	ReplicaAcks(PrimitiveSupport client, LockOptions options) {
		this.client = client;
		this.required = options.replicasToAck();
		this.timeout = options.replicasAckTimeout();
		if (this.required > 0 && this.timeout.compareTo(client.commandTimeout()) >= 0) {
			throw new IllegalArgumentException("replicasAckTimeout must be shorter than the client's command timeout ("
					+ client.commandTimeout().toMillis() + " ms), or WAIT would time out on the client first; was "
					+ this.timeout.toMillis() + " ms");
		}
	}

	/** Whether writes wait for replicas at all. */
	boolean enabled() {
		return this.required > 0;
	}

	int required() {
		return this.required;
	}

	Duration timeout() {
		return this.timeout;
	}

	/**
	 * Waits for the acknowledgements of the lock's writes sent so far.
	 * @return how many replicas acknowledged
	 */
	long await(LockKeys keys) {
		return this.client.await(OPERATION, request(keys));
	}

	/**
	 * Asks for the acknowledgements without waiting.
	 * @return how many replicas acknowledged
	 */
	CompletableFuture<Long> request(LockKeys keys) {
		return this.client.waitForReplicas(OPERATION, keys.lock(), this.required, this.timeout);
	}

}
