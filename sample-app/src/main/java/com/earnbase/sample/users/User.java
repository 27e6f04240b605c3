package com.earnbase.sample.users;

/**
 * A user as the repository returns it and the cache stores it (JSON).
 *
 * @param id the id
 * @param name the display name
 * @param email the e-mail address
 */
public record User(String id, String name, String email) {

}
