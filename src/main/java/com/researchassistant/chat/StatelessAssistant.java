package com.researchassistant.chat;

import com.researchassistant.llm.ChatMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * The pipeline behind the OpenAI-compatible API: the client sends the whole conversation every
 * time, so nothing is stored; the client's system messages become instructions in the prompt.
 */
public final class StatelessAssistant implements Assistant {

    private final Pipeline pipeline;
    private final String model;
    private final SecureRandom random = new SecureRandom();

    public StatelessAssistant(Pipeline pipeline, String model) {
        this.pipeline = pipeline;
        this.model = model;
    }

    @Override
    public void answer(AssistantRequest request, Consumer<ChatEvent> sink) {
        List<Turn> history = new ArrayList<>();
        StringBuilder instructions = new StringBuilder();
        for (ChatMessage m : request.history()) {
            switch (m.role()) {
                case SYSTEM ->
                    instructions.append(instructions.isEmpty() ? "" : "\n").append(m.content());
                case USER -> history.add(turn(history.size() + 1, NewTurn.Role.USER, m.content(), request));
                case ASSISTANT -> history.add(turn(history.size() + 1, NewTurn.Role.ASSISTANT, m.content(), request));
            }
        }
        sink.accept(new ChatEvent.Meta("", "", request.profile().name(), model));
        pipeline.run(
                new PipelineInput(
                        request.owner(),
                        conversationKey(request),
                        history,
                        request.message(),
                        request.profile(),
                        instructions.toString()),
                sink,
                turn -> newId());
    }

    private static Turn turn(int seq, NewTurn.Role role, String content, AssistantRequest request) {
        return new Turn(
                "h" + seq,
                seq,
                Instant.EPOCH,
                NewTurn.of(role, content, request.profile().name()));
    }

    /** The same history gives the same key, so a summary of it can be reused; different ones never collide. */
    private static String conversationKey(AssistantRequest request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(request.owner().getBytes(StandardCharsets.UTF_8));
            for (ChatMessage m : request.history()) {
                digest.update((byte) m.role().ordinal());
                digest.update(m.content().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return "api:" + HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private String newId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return "chatcmpl-" + HexFormat.of().formatHex(bytes);
    }
}
