package com.researchassistant.session;

import com.researchassistant.chat.SessionWindow;
import com.researchassistant.chat.Turn;
import com.researchassistant.db.StoreException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A session, or its newest turns, as the fields of one Redis hash, so a turn can be added in place
 * by a script and a window of turns read without the rest.
 *
 * <p>Fields: {@code v} format, {@code o} owner, {@code t} title, {@code c} and {@code u} created
 * and updated (epoch milliseconds, decimal, so scripts can compare them), {@code n} turn count,
 * {@code f} the first turn held (turns before it are not cached; absent means 1), and {@code #f}
 * .. {@code #n} the turns: created millis (8 bytes), id (modified UTF-8), then the body as {@link
 * TurnCodec} stores it in the database (compressed JSON). Format 1 had no {@code f}: it always
 * held every turn, and reads as format 2 with {@code f} 1.
 */
final class SessionFields {

    static final String FORMAT = "2";
    private static final String FORMAT_WHOLE_SESSIONS = "1";
    static final String UPDATED = "u";

    /** The fields a lookup returns before the turns, in this order. */
    static final List<String> META = List.of("v", "o", "t", "c", UPDATED, "n");

    private final TurnCodec codec = new TurnCodec();

    /** Field, value, field, value, ... */
    List<byte[]> encode(SessionWindow window) {
        List<byte[]> fields = new ArrayList<>(14 + 2 * window.turns().size());
        add(fields, "v", FORMAT);
        add(fields, "o", window.owner());
        add(fields, "t", window.title());
        add(fields, "c", Long.toString(window.createdAt().toEpochMilli()));
        add(fields, UPDATED, Long.toString(window.updatedAt().toEpochMilli()));
        add(fields, "n", Integer.toString(window.turnCount()));
        add(fields, "f", Integer.toString(window.turnCount() - window.turns().size() + 1));
        for (Turn turn : window.turns()) {
            fields.add(turnField(turn.seq()));
            fields.add(encode(turn));
        }
        return fields;
    }

    static byte[] turnField(int seq) {
        return bytes("#" + seq);
    }

    byte[] encode(Turn turn) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(turn.createdAt().toEpochMilli());
            out.writeUTF(turn.id());
            out.write(codec.encode(turn.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The window in a lookup's reply.
     *
     * @param meta the values of {@link #META}, in order
     * @param from the seq of the first of {@code turns}
     * @param turns the values of {@code #from} .. {@code #n}, null where a field is missing
     * @throws StoreException when the fields are not a complete window of a known format
     */
    SessionWindow decode(String sessionId, List<?> meta, int from, List<?> turns) {
        String format = text(sessionId, meta, 0);
        if (!FORMAT.equals(format) && !FORMAT_WHOLE_SESSIONS.equals(format)) {
            throw new StoreException("cached session " + sessionId + " has an unknown format");
        }
        try {
            int count = Integer.parseInt(text(sessionId, meta, 5));
            if (from + turns.size() != count + 1) {
                throw new StoreException("cached session " + sessionId + " returned turns " + from + " to "
                        + (from + turns.size() - 1) + " of " + count);
            }
            List<Turn> decoded = new ArrayList<>(turns.size());
            for (int i = 0; i < turns.size(); i++) {
                if (!(turns.get(i) instanceof byte[] blob)) {
                    throw new StoreException("cached session " + sessionId + " lacks turn " + (from + i));
                }
                decoded.add(decodeTurn(from + i, blob));
            }
            return new SessionWindow(
                    sessionId,
                    text(sessionId, meta, 1),
                    text(sessionId, meta, 2),
                    millis(sessionId, meta, 3),
                    millis(sessionId, meta, 4),
                    count,
                    decoded);
        } catch (IOException | RuntimeException e) {
            if (e instanceof StoreException known) {
                throw known;
            }
            throw new StoreException("cached session " + sessionId + " is corrupt: " + e, e);
        }
    }

    private Turn decodeTurn(int seq, byte[] blob) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob));
        Instant createdAt = Instant.ofEpochMilli(in.readLong());
        String id = in.readUTF();
        return new Turn(id, seq, createdAt, codec.decode(in.readAllBytes()));
    }

    private static String text(String sessionId, List<?> meta, int index) {
        if (!(meta.get(index) instanceof byte[] value)) {
            throw new StoreException("cached session " + sessionId + " lacks field " + META.get(index));
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    private static Instant millis(String sessionId, List<?> meta, int index) {
        return Instant.ofEpochMilli(Long.parseLong(text(sessionId, meta, index)));
    }

    private static void add(List<byte[]> fields, String name, String value) {
        fields.add(bytes(name));
        fields.add(bytes(value));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
