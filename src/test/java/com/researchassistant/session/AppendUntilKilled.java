package com.researchassistant.session;

import com.researchassistant.chat.Session;
import com.researchassistant.chat.Turn;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The child process of {@link SessionDurabilityIT}: opens the store on the given SQLite file,
 * creates one session and appends turns until it is killed. It prints {@code SESSION <id>} once
 * and {@code ACK <seq>} for each turn only after {@code append} returned; other output (logs) is
 * ignored by the parent.
 */
public final class AppendUntilKilled {

    private AppendUntilKilled() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        JdbcSessionStore store = JdbcSessionStore.open("jdbc:sqlite:" + args[0], Clock.systemUTC());
        Session session = store.create(SessionDurabilityIT.OWNER, "durability");
        out.println("SESSION " + session.id());
        for (int i = 1; ; i++) {
            Turn turn = store.append(SessionDurabilityIT.OWNER, session.id(), SessionDurabilityIT.turn(i))
                    .orElseThrow();
            out.println("ACK " + turn.seq());
        }
    }
}
