package com.researchassistant.session;

import com.researchassistant.chat.ConversationHit;
import com.researchassistant.chat.SessionSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL over the searchable text of conversations (migration V43: FTS5 on SQLite, a tsvector with a
 * GIN index on PostgreSQL): row 0 of a session is its title, row n its n-th message. Writes are
 * portable and run inside the session store's own transactions, so the text never lags the turns;
 * only the query differs between the databases.
 */
final class SearchText {

    /** Words of a query beyond this are ignored. */
    static final int MAX_WORDS = 8;

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final char START = '\u0002';
    private static final char STOP = '\u0003';

    /**
     * SQLite ranks the owner's matching rows inside FTS5 (the owner is indexed beside the text) and
     * returns their ids alone; the rows are then read by id and their snippets cut here. Asking FTS5
     * for snippets in the same query cost about a second on 3,000 conversations (the select list is
     * computed before the sort); this way it is a few milliseconds (docs/benchmarks.md).
     */
    private static final String SQLITE_RANKED =
            "SELECT rowid FROM conversation_fts WHERE conversation_fts MATCH ?" + " ORDER BY rank LIMIT ?";

    private static final String SQLITE_ROWS = "SELECT t.id, t.session_id, t.seq, t.body, s.title, s.created_at,"
            + " s.updated_at, s.turn_count FROM conversation_text t JOIN sessions s ON s.id = t.session_id"
            + " WHERE t.owner = ? AND s.owner = ? AND t.id IN (";
    private static final int SNIPPET_CHARS = 180;
    private static final String POSTGRES_QUERY = "SELECT t.session_id, t.seq, ts_headline('english', t.body, q,"
            + " 'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=24, MinWords=8, MaxFragments=1'),"
            + " s.title, s.created_at, s.updated_at, s.turn_count"
            + " FROM conversation_text t JOIN sessions s ON s.id = t.session_id, to_tsquery('english', ?) q"
            + " WHERE t.words @@ q AND t.owner = ? AND s.owner = ? ORDER BY ts_rank(t.words, q) DESC LIMIT ?";

    private SearchText() {}

    /** Adds a row unless the session has it already (a backfill and an append may meet). */
    static void insert(Connection c, String owner, String sessionId, int seq, String body) throws SQLException {
        try (PreparedStatement insert =
                c.prepareStatement("INSERT INTO conversation_text (owner, session_id, seq, body)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT (session_id, seq) DO NOTHING")) {
            insert.setString(1, owner);
            insert.setString(2, sessionId);
            insert.setInt(3, seq);
            insert.setString(4, body.replace('\0', ' '));
            insert.executeUpdate();
        }
    }

    static void retitle(Connection c, String sessionId, String title) throws SQLException {
        try (PreparedStatement update =
                c.prepareStatement("UPDATE conversation_text SET body = ? WHERE session_id = ? AND seq = 0")) {
            update.setString(1, title);
            update.setString(2, sessionId);
            update.executeUpdate();
        }
    }

    static void transfer(Connection c, String from, String to) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE conversation_text SET owner = ? WHERE owner = ?")) {
            update.setString(1, to);
            update.setString(2, from);
            update.executeUpdate();
        }
    }

    /** Sessions with no title row: stored before search existed, indexed by the backfill. */
    static List<String> unindexed(Connection c, int limit) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT id FROM sessions s WHERE NOT EXISTS"
                + " (SELECT 1 FROM conversation_text t WHERE t.session_id = s.id AND t.seq = 0) LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet rows = select.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
                return ids;
            }
        }
    }

    /** The query's words, lower-cased, at most {@link #MAX_WORDS}. */
    static List<String> words(String query) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(query.toLowerCase(Locale.ROOT));
        while (m.find() && words.size() < MAX_WORDS) {
            if (!words.contains(m.group())) {
                words.add(m.group());
            }
        }
        return words;
    }

    static List<ConversationHit> search(Connection c, String dialect, String owner, List<String> words, int limit)
            throws SQLException {
        if (!dialect.equals("POSTGRESQL")) {
            return searchSqlite(c, owner, words, limit);
        }
        try (PreparedStatement select = c.prepareStatement(POSTGRES_QUERY)) {
            select.setString(
                    1, String.join(" & ", words.stream().map(w -> w + ":*").toList()));
            select.setString(2, owner);
            select.setString(3, owner);
            select.setInt(4, limit * 5);
            Map<String, ConversationHit> best = new LinkedHashMap<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next() && best.size() < limit) {
                    String id = rows.getString(1);
                    if (!best.containsKey(id)) {
                        best.put(id, hit(rows));
                    }
                }
            }
            return List.copyOf(best.values());
        }
    }

    private static List<ConversationHit> searchSqlite(Connection c, String owner, List<String> words, int limit)
            throws SQLException {
        List<Long> ranked = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(SQLITE_RANKED)) {
            // the owner as a phrase of its own tokens in the owner column; every word a prefix in the body
            select.setString(
                    1,
                    "owner : \"" + owner.replaceAll("[^A-Za-z0-9]+", " ").strip() + "\" AND body : ("
                            + String.join(
                                    " ",
                                    words.stream().map(w -> "\"" + w + "\"*").toList()) + ")");
            select.setInt(2, limit * 5);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ranked.add(rows.getLong(1));
                }
            }
        }
        if (ranked.isEmpty()) {
            return List.of();
        }
        Map<Long, ConversationHit> byRow = new java.util.HashMap<>();
        String marks = String.join(", ", java.util.Collections.nCopies(ranked.size(), "?"));
        try (PreparedStatement select = c.prepareStatement(SQLITE_ROWS + marks + ")")) {
            select.setString(1, owner);
            select.setString(2, owner);
            for (int i = 0; i < ranked.size(); i++) {
                select.setLong(3 + i, ranked.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    SessionSummary session = new SessionSummary(
                            rows.getString(2),
                            rows.getString(5),
                            Instant.ofEpochMilli(rows.getLong(6)),
                            Instant.ofEpochMilli(rows.getLong(7)),
                            rows.getInt(8));
                    byRow.put(rows.getLong(1), snippet(session, rows.getInt(3), rows.getString(4), words));
                }
            }
        }
        Map<String, ConversationHit> best = new LinkedHashMap<>();
        for (long row : ranked) {
            ConversationHit hit = byRow.get(row);
            if (hit != null && best.size() < limit) {
                best.putIfAbsent(hit.session().id(), hit);
            }
        }
        return List.copyOf(best.values());
    }

    /**
     * A stretch of {@code body} around the first word the query names, each such word marked. Words
     * are looked for by their start (less a few letters for long ones, as the index stems them).
     */
    static ConversationHit snippet(SessionSummary session, int seq, String body, List<String> words) {
        String flat = body.replaceAll("\\s+", " ").strip();
        Pattern any = Pattern.compile("(?iu)(?<![\\p{L}\\p{N}])("
                + String.join(
                        "|",
                        words.stream()
                                .map(w -> Pattern.quote(w.length() > 5 ? w.substring(0, w.length() - 2) : w))
                                .toList())
                + ")[\\p{L}\\p{N}]*");
        Matcher first = any.matcher(flat);
        int from = first.find() ? Math.max(0, first.start() - SNIPPET_CHARS / 3) : 0;
        if (from > 0) {
            int space = flat.indexOf(' ', from);
            from = space < 0 || space > first.start() ? from : space + 1;
        }
        int to = Math.min(flat.length(), from + SNIPPET_CHARS);
        String prefix = from > 0 ? "…" : "";
        String text = prefix + flat.substring(from, to) + (to < flat.length() ? "…" : "");
        List<ConversationHit.Highlight> highlights = new ArrayList<>();
        Matcher m = any.matcher(text);
        while (m.find()) {
            highlights.add(new ConversationHit.Highlight(m.start(), m.end()));
        }
        return new ConversationHit(session, seq, text, highlights);
    }

    private static ConversationHit hit(ResultSet row) throws SQLException {
        SessionSummary session = new SessionSummary(
                row.getString(1),
                row.getString(4),
                Instant.ofEpochMilli(row.getLong(5)),
                Instant.ofEpochMilli(row.getLong(6)),
                row.getInt(7));
        String marked = row.getString(3).replaceAll("\\s+", " ").strip();
        StringBuilder text = new StringBuilder(marked.length());
        List<ConversationHit.Highlight> highlights = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < marked.length(); i++) {
            char ch = marked.charAt(i);
            if (ch == START) {
                start = text.length();
            } else if (ch == STOP && start >= 0) {
                highlights.add(new ConversationHit.Highlight(start, text.length()));
                start = -1;
            } else {
                text.append(ch);
            }
        }
        return new ConversationHit(session, row.getInt(2), text.toString(), highlights);
    }
}
