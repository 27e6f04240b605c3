package com.earnbase.sample.jobs;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.earnbase.redis.lock.LockHandle;
import com.earnbase.redis.lock.LockService;
import com.earnbase.sample.ApiError;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /jobs/{name}/run}: runs a (simulated) job while holding the lock
 * {@code job:<name>}, so that one instance at a time runs a given job. A call while the
 * job runs anywhere is refused at once with {@code 409} instead of waiting: running the
 * same job twice in a row is pointless.
 */
@RestController
class JobController {

	/**
	 * The longest simulated job; the lock's lease is the job's duration plus
	 * {@link #LEASE_MARGIN}.
	 */
	static final long MAX_DURATION_MS = 60_000;

	/**
	 * How long the lock outlives the job's planned duration, so that a slow machine does
	 * not lose it mid-job.
	 */
	static final Duration LEASE_MARGIN = Duration.ofSeconds(10);

	private final LockService locks;

	JobController(LockService locks) {
		this.locks = locks;
	}

	@PostMapping("/jobs/{name}/run")
	ResponseEntity<?> run(@PathVariable String name, @RequestParam(defaultValue = "1000") long durationMs)
			throws InterruptedException {
		if (durationMs < 0 || durationMs > MAX_DURATION_MS) {
			throw new IllegalArgumentException("durationMs must be between 0 and " + MAX_DURATION_MS);
		}
		long start = System.nanoTime();
		Duration lease = Duration.ofMillis(durationMs).plus(LEASE_MARGIN);
		Optional<LockHandle> acquired = this.locks.tryAcquire("job:" + name, lease);
		if (acquired.isEmpty()) {
			return ResponseEntity.status(HttpStatus.CONFLICT).body(new ApiError("job " + name + " is already running"));
		}
		try (LockHandle lock = acquired.get()) {
			// The simulated work; a real job hands lock.fencingToken() to what it writes,
			// see "Fencing tokens" in the README.
			Thread.sleep(durationMs);
			return ResponseEntity
				.ok(new JobRun(name, lock.fencingToken(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
		}
	}

	/**
	 * A finished run.
	 *
	 * @param job the job's name
	 * @param fencingToken the lock's fencing token: higher than that of every earlier run
	 * of this job
	 * @param tookMs how long the call took, the job included
	 */
	record JobRun(String job, long fencingToken, long tookMs) {

	}

}
