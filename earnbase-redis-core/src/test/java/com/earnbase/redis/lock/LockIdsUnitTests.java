package com.earnbase.redis.lock;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Lock ids: their format, and that they never repeat, without Redis. */
class LockIdsUnitTests {

	@Test
	void anIdIs22CharactersOfUrlSafeBase64() {
		for (int i = 0; i < 1000; i++) {
			assertThat(LockIds.next()).matches("[A-Za-z0-9_-]{22}");
		}
	}

	@Test
	void idsMadeByManyThreadsAtOnceAreAllDistinct() throws Exception {
		int threads = 8;
		int perThread = 50_000;
		LockIds ids = new LockIds(new SecureRandom());
		Set<String> seen = ConcurrentHashMap.newKeySet();
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			Thread worker = new Thread(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				for (int i = 0; i < perThread; i++) {
					seen.add(ids.nextId());
				}
			});
			worker.start();
			workers.add(worker);
		}
		start.countDown();
		for (Thread worker : workers) {
			worker.join();
		}
		assertThat(seen).hasSize(threads * perThread);
	}

	@Test
	void twoGeneratorsLikeTwoJvmsShareNoId() {
		// Same counters, different keys: the ids of one say nothing of the other's.
		LockIds first = new LockIds(new SecureRandom());
		LockIds second = new LockIds(new SecureRandom());
		Set<String> fromFirst = new HashSet<>();
		Set<String> fromSecond = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			fromFirst.add(first.nextId());
			fromSecond.add(second.nextId());
		}
		assertThat(fromFirst).hasSize(10_000).doesNotContainAnyElementsOf(fromSecond);
		assertThat(fromSecond).hasSize(10_000);
	}

	@Test
	void idsShowNoCounter() {
		// Consecutive ids share no prefix worth the name: nothing to guess the next one
		// from.
		LockIds ids = new LockIds(new SecureRandom());
		String previous = ids.nextId();
		int longestCommonPrefix = 0;
		for (int i = 0; i < 1000; i++) {
			String id = ids.nextId();
			int common = 0;
			while (common < id.length() && id.charAt(common) == previous.charAt(common)) {
				common++;
			}
			longestCommonPrefix = Math.max(longestCommonPrefix, common);
			previous = id;
		}
		assertThat(longestCommonPrefix).isLessThan(6);
	}

}
