package com.earnbase.sample;

import java.time.Duration;

import com.earnbase.redis.RedisClient;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Plain strings stored through {@link RedisClient}: {@code PUT /kv/{key}} and {@code GET
 * /kv/{key}}.
 */
@RestController
@RequestMapping("/kv")
class KeyValueController {

	private final RedisClient redis;

	KeyValueController(RedisClient redis) {
		this.redis = redis;
	}

	@GetMapping("/{key}")
	ResponseEntity<String> get(@PathVariable String key) {
		String value = this.redis.get(key);
		return (value != null) ? ResponseEntity.ok(value) : ResponseEntity.notFound().build();
	}

	@PutMapping("/{key}")
	ResponseEntity<Void> put(@PathVariable String key, @RequestBody String value,
			@RequestParam(required = false) Duration ttl) {
		if (ttl != null) {
			this.redis.set(key, value, ttl);
		}
		else {
			this.redis.set(key, value);
		}
		return ResponseEntity.noContent().build();
	}

}
