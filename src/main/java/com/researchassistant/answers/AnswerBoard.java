package com.researchassistant.answers;

import java.util.Collection;
import java.util.Set;

/**
 * Where the answers in progress are known beyond one process, so that several instances behind a
 * load balancer still answer one message per conversation at a time, report {@code answering}
 * alike, and let a Stop that reaches any instance stop the answer wherever it runs.
 *
 * <p>Marks are leases: the instance that runs an answer renews its marks while it runs, and the
 * marks of an instance that died lapse on their own.
 */
public interface AnswerBoard {

    /** Marks the session as being answered by {@code holder}; false when someone else holds it. */
    boolean tryMark(String sessionId, String holder);

    /** Extends the holder's marks; marks it no longer holds are left alone. */
    void renew(Collection<String> sessionIds, String holder);

    /** Removes the holder's mark (and any cancel request for it). */
    void unmark(String sessionId, String holder);

    /** Whether any instance is answering the session. */
    boolean marked(String sessionId);

    /** Asks whichever instance answers the session to stop; false when nobody is answering it. */
    boolean requestCancel(String sessionId);

    /** The sessions among {@code sessionIds} whose answer someone asked to stop. */
    Set<String> cancelRequested(Collection<String> sessionIds);

    /** Nothing beyond this process: one instance, or several without Redis. */
    AnswerBoard LOCAL = new AnswerBoard() {
        @Override
        public boolean tryMark(String sessionId, String holder) {
            return true;
        }

        @Override
        public void renew(Collection<String> sessionIds, String holder) {}

        @Override
        public void unmark(String sessionId, String holder) {}

        @Override
        public boolean marked(String sessionId) {
            return false;
        }

        @Override
        public boolean requestCancel(String sessionId) {
            return false;
        }

        @Override
        public Set<String> cancelRequested(Collection<String> sessionIds) {
            return Set.of();
        }
    };
}
