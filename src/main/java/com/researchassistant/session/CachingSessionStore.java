package com.researchassistant.session;

import com.researchassistant.chat.SessionStore;
import java.util.Collection;

/**
 * A {@link SessionStore} that serves active sessions from a hot cache in front of the database:
 * in memory ({@link CachedSessionStore}) or in a Redis shared by all instances ({@link
 * RedisSessionCache}).
 */
public interface CachingSessionStore extends SessionStore {

    /** What the cache has done since start, for metrics. */
    CacheCounters stats();

    /**
     * Drops the cached copies of these sessions after the database changed them behind the cache
     * (their owner moved when devices were linked), so the next read loads them anew.
     */
    void forget(Collection<String> sessionIds);
}
