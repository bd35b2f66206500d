package com.researchassistant.share;

import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.Session;
import com.researchassistant.chat.Source;
import com.researchassistant.chat.Turn;
import com.researchassistant.verify.ClaimVerdict;
import com.researchassistant.verify.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Takes the {@link Snapshot} of a conversation: only what its messages show, only the sources they cite. */
final class Snapshots {

    private static final Pattern MARKER = Pattern.compile("\\[(\\d{1,3}(?:\\s*,\\s*\\d{1,3})*)]");

    private Snapshots() {}

    static Snapshot of(Session session, Instant now) {
        List<Turn> turns = session.turns();
        List<Snapshot.Message> messages = new ArrayList<>();
        for (int i = 0; i < turns.size(); i++) {
            NewTurn body = turns.get(i).body();
            boolean replaced = body.role() == NewTurn.Role.ASSISTANT
                    && body.status() == NewTurn.Status.PARTIAL
                    && i + 1 < turns.size()
                    && turns.get(i + 1).body().role() == NewTurn.Role.ASSISTANT;
            if (!replaced) {
                messages.add(message(turns.get(i)));
            }
        }
        return new Snapshot(session.title(), now.toString(), messages);
    }

    private static Snapshot.Message message(Turn turn) {
        NewTurn body = turn.body();
        Set<Integer> cited = cited(body);
        List<Snapshot.Source> sources = body.sources().stream()
                .filter(s -> cited.contains(s.number()))
                .map(Snapshots::source)
                .toList();
        List<Snapshot.Claim> claims =
                body.citations().claims().stream().map(Snapshots::claim).toList();
        return new Snapshot.Message(
                lower(body.role()),
                body.content(),
                lower(body.status()),
                turn.createdAt().toString(),
                sources,
                claims);
    }

    /** The source numbers the text's markers name, and those its checked sentences carry. */
    static Set<Integer> cited(NewTurn body) {
        Set<Integer> numbers = new TreeSet<>();
        Matcher m = MARKER.matcher(body.content());
        while (m.find()) {
            for (String n : m.group(1).split(",")) {
                numbers.add(Integer.parseInt(n.strip()));
            }
        }
        body.citations().claims().forEach(c -> numbers.addAll(c.sources()));
        return numbers;
    }

    private static Snapshot.Source source(Source s) {
        return new Snapshot.Source(s.number(), s.kind(), s.title(), s.location(), s.snippet());
    }

    private static Snapshot.Claim claim(ClaimVerdict c) {
        return new Snapshot.Claim(
                c.start(), c.end(), c.sources(), lower(c.verdict()), lower(c.reason()), note(c.reason()));
    }

    /** The reason in general words: the person's own notes quote passages beyond the cited snippet. */
    static String note(Reason reason) {
        return switch (reason) {
            case MATCHES -> "Its source says this.";
            case NUMBERS_DIFFER -> "A figure here is not in its source.";
            case CONTRADICTS -> "Its source seems to say the opposite.";
            case UNRELATED -> "Nothing in its source says this.";
            case LOOSE_MATCH -> "Its source is on the subject but does not quite say this.";
            case TERMS_MISSING -> "It names something its source does not mention.";
            case UNCITED_FIGURES -> "It states figures without citing a source.";
        };
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
