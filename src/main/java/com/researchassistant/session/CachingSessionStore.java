package com.researchassistant.session;

import com.researchassistant.chat.SessionStore;

/**
 * A {@link SessionStore} that serves active sessions from a hot cache in front of the database:
 * in memory ({@link CachedSessionStore}) or in a Redis shared by all instances ({@link
 * RedisSessionCache}).
 */
public interface CachingSessionStore extends SessionStore {

    /** What the cache has done since start, for metrics. */
    CacheCounters stats();
}
