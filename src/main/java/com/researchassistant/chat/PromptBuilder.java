package com.researchassistant.chat;

import com.researchassistant.llm.ChatMessage;
import com.researchassistant.session.NewTurn;
import com.researchassistant.session.Turn;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the model prompt from the session: a system prompt, then as many of the most recent
 * turns as fit in the profile's character budget, then the new message.
 */
final class PromptBuilder {

    static final String SYSTEM = """
            You are Research Assistant, a careful research companion. Answer the user's question \
            accurately and say plainly when you are unsure or when the evidence is thin. Prefer \
            structure (short paragraphs, lists) over long prose. Do not invent sources.""";

    static final String MOBILE_HINT = " The reader is on a phone: keep the answer short and scannable.";

    List<ChatMessage> build(List<Turn> history, String message, ClientProfile profile) {
        List<ChatMessage> recent = recentWithin(history, profile.contextChars());
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system(SYSTEM + (profile.mobile() ? MOBILE_HINT : "")));
        messages.addAll(recent);
        messages.add(ChatMessage.user(message));
        return mergeSameRole(messages);
    }

    private static List<ChatMessage> recentWithin(List<Turn> history, int budget) {
        List<ChatMessage> picked = new ArrayList<>();
        int used = 0;
        for (int i = history.size() - 1; i >= 0; i--) {
            NewTurn body = history.get(i).body();
            if (body.status() == NewTurn.Status.NOTICE || body.content().isBlank()) {
                continue;
            }
            used += body.content().length();
            if (used > budget) {
                break;
            }
            picked.add(0, body.role() == NewTurn.Role.USER
                    ? ChatMessage.user(body.content())
                    : ChatMessage.assistant(body.content()));
        }
        return picked;
    }

    /**
     * Joins neighbouring messages of the same role: some chat templates (Mistral's among them)
     * reject a conversation whose roles do not alternate, which happens after a failed answer.
     */
    private static List<ChatMessage> mergeSameRole(List<ChatMessage> messages) {
        List<ChatMessage> merged = new ArrayList<>();
        for (ChatMessage m : messages) {
            int last = merged.size() - 1;
            if (last >= 0 && merged.get(last).role() == m.role()) {
                merged.set(last, new ChatMessage(m.role(), merged.get(last).content() + "\n\n" + m.content()));
            } else {
                merged.add(m);
            }
        }
        return merged;
    }
}
