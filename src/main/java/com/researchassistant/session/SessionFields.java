package com.researchassistant.session;

import com.researchassistant.chat.Session;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A session as the fields of one Redis hash, so a turn can be added in place by a script.
 *
 * <p>Fields: {@code v} format (1), {@code o} owner, {@code t} title, {@code c} and {@code u}
 * created and updated (epoch milliseconds, decimal, so scripts can compare them), {@code n} turn
 * count, and {@code #1} .. {@code #n} the turns: created millis (8 bytes), id (modified UTF-8),
 * then the body as {@link TurnCodec} stores it in the database (compressed JSON).
 */
final class SessionFields {

    static final String FORMAT = "1";
    static final String UPDATED = "u";

    private final TurnCodec codec = new TurnCodec();

    /** Field, value, field, value, ... */
    List<byte[]> encode(Session session) {
        List<byte[]> fields = new ArrayList<>(12 + 2 * session.turns().size());
        add(fields, "v", FORMAT);
        add(fields, "o", session.owner());
        add(fields, "t", session.title());
        add(fields, "c", Long.toString(session.createdAt().toEpochMilli()));
        add(fields, UPDATED, Long.toString(session.updatedAt().toEpochMilli()));
        add(fields, "n", Integer.toString(session.turns().size()));
        for (Turn turn : session.turns()) {
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
     * The session in a flat HGETALL reply.
     *
     * @throws StoreException when the fields are not a complete session of this format
     */
    Session decode(String sessionId, List<?> flat) {
        Map<String, byte[]> fields = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(new String((byte[]) flat.get(i), StandardCharsets.UTF_8), (byte[]) flat.get(i + 1));
        }
        if (!FORMAT.equals(text(fields, "v"))) {
            throw new StoreException("cached session " + sessionId + " has an unknown format");
        }
        try {
            int count = Integer.parseInt(text(fields, "n"));
            List<Turn> turns = new ArrayList<>(count);
            for (int seq = 1; seq <= count; seq++) {
                byte[] blob = fields.get("#" + seq);
                if (blob == null) {
                    throw new StoreException("cached session " + sessionId + " lacks turn " + seq);
                }
                turns.add(decodeTurn(seq, blob));
            }
            return new Session(sessionId, text(fields, "o"), text(fields, "t"), millis(fields, "c"),
                    millis(fields, UPDATED), turns);
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

    private static String text(Map<String, byte[]> fields, String name) {
        byte[] value = fields.get(name);
        if (value == null) {
            throw new StoreException("cached session lacks field " + name);
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    private static Instant millis(Map<String, byte[]> fields, String name) {
        return Instant.ofEpochMilli(Long.parseLong(text(fields, name)));
    }

    private static void add(List<byte[]> fields, String name, String value) {
        fields.add(bytes(name));
        fields.add(bytes(value));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
