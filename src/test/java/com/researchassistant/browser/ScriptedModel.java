package com.researchassistant.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.RecordedRequest;
import com.researchassistant.testing.StubLlmServer;
import com.researchassistant.testing.StubResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the stub model answers in the browser tests, chosen by a marker word in the question: a
 * Markdown answer citing the library at a realistic pace by default, {@code HOSTILE} output full
 * of HTML and script, a {@code SLOW} answer long enough to lock the phone in the middle of, and a
 * {@code FLAKY} answer whose first attempt breaks off, and a {@code CHECKED} answer that cites the
 * chlorophyll passage once rightly, once with a changed figure, and a source [9] it was never
 * given. Side calls (intent, safety, summary) get valid JSON, so traces show the normal path, and a
 * new conversation's title call a short title. A research job's calls, known by their prompts, get
 * a plan of three sub-questions and sections streamed slowly enough to lock the phone mid-report.
 */
final class ScriptedModel implements Function<RecordedRequest, StubResponse> {

    static final String ANSWER = """
            Chlorophyll absorbs mostly **blue** and **red** light and reflects green, which is why leaves look green [1].

            ### What your library says
            - *Chlorophyll a* peaks near 430 nm and 662 nm [1].
            - *Chlorophyll b* peaks near 453 nm and 642 nm, widening the band a plant can use [1].

            The absorbed energy drives the `light reactions` in the thylakoid membranes. \
            More at https://en.wikipedia.org/wiki/Chlorophyll.""";

    static final String HOSTILE = """
            Look: <img src=x onerror="window.__pwned='img'"> and <script>window.__pwned='script'</script> here.

            A [tricky link](javascript:window.__pwned='link') and [data link](data:text/html,<script>alert(1)</script>).

            <iframe src="javascript:window.__pwned='iframe'"></iframe> **<b onmouseover="window.__pwned='b'">bold</b>**""";

    static final String SLOW = "The phone may lock while this answer is written, and nothing is lost: the server "
            + "keeps writing it and stores it, and the page fetches it when it comes back. This is the final sentence.";

    /** {@code %1$s} is the number the prompt gave the passage with the absorption peaks. */
    static final String CHECKED = "Chlorophyll a absorbs light most strongly near 430 nm and 662 nm [%1$s]. "
            + "Chlorophyll b absorbs most strongly near 480 nm [%1$s]. Green light is mostly reflected [9].";

    private static final Pattern SOURCE = Pattern.compile("<source n=\"(\\d+)\"[^>]*>([^<]*)");

    /** Two chunks of an answer, then nothing: the connection resets before the model finishes. */
    private static final String BROKEN_OFF = chunk("Chlorophyll absorbs") + chunk(" mostly blue");

    /** A research job's plan, each of its sections, and its closing section on what the sources leave open. */
    static final String RESEARCH_PLAN = "{\"subQuestions\": [\"How do sleep spindles affect memory?\","
            + " \"How does sleep deprivation affect memory encoding?\", \"Do all-nighters help students learn?\"]}";
    /** {@code %1$s}: the sub-question the section answers, so each section's text is its own. */
    static final String RESEARCH_SECTION = "On “%1$s”: the sources agree that sleep after learning strengthens"
            + " memories [1]. Spindles during light sleep predict how much is recalled the next morning [2].\n\n"
            + "A night without sleep weakens the encoding of new material the following day [1].";

    private static final Pattern ANSWERS = Pattern.compile("This section answers: ([^\n]*)");
    static final String RESEARCH_CLOSING = "The sources differ on how large the effect is in older adults [2].";

    static final Duration PACE = Duration.ofMillis(30);
    /** Slow enough that a job's report takes several seconds to write, time to lock the phone in the middle. */
    static final Duration RESEARCH_PACE = Duration.ofMillis(70);

    static final Duration SLOW_PACE = Duration.ofMillis(150);

    private final AtomicInteger flakyAttempts = new AtomicInteger();

    @Override
    public StubResponse apply(RecordedRequest request) {
        StubResponse research = research(request);
        if (research != null) {
            return research;
        }
        if (!StubLlmServer.streams(request)) {
            return side(request.body());
        }
        String question = lastUserMessage(request.body());
        if (question.contains("HOSTILE")) {
            return StubResponse.tokens(tokens(HOSTILE), PACE);
        }
        if (question.contains("SLOW")) {
            return StubResponse.tokens(tokens(SLOW), SLOW_PACE);
        }
        if (question.contains("CHECKED")) {
            return StubResponse.tokens(tokens(String.format(CHECKED, sourceWith(request.body(), "662 nm"))), PACE);
        }
        if (question.contains("FLAKY") && flakyAttempts.getAndIncrement() == 0) {
            return StubResponse.sse(BROKEN_OFF).withPause(PACE).thenReset();
        }
        return StubResponse.tokens(tokens(ANSWER), PACE);
    }

    /** A research job's calls: its plan, and each section streamed at {@link #RESEARCH_PACE}; null for others. */
    private static StubResponse research(RecordedRequest request) {
        String body = request.body();
        String text;
        if (body.contains("You plan research")) {
            text = RESEARCH_PLAN;
        } else if (body.contains("You write one section of a research report")) {
            Matcher answers = ANSWERS.matcher(lastUserMessage(body));
            text = String.format(
                    RESEARCH_SECTION, answers.find() ? answers.group(1).strip() : "this");
        } else if (body.contains("You write the closing section of a research report")) {
            text = RESEARCH_CLOSING;
        } else {
            return null;
        }
        return StubLlmServer.streams(request)
                ? StubResponse.tokens(tokens(text), RESEARCH_PACE)
                : StubResponse.completion(text);
    }

    private static StubResponse side(String body) {
        if (body.contains("short title")) {
            return StubResponse.completion(
                    body.toLowerCase(java.util.Locale.ROOT).contains("sleep")
                            ? "\"Sleep and Memory Consolidation\""
                            : "Chlorophyll and Leaf Colour");
        }
        if (body.contains("Classify the user's message")) {
            return StubResponse.completion(
                    "{\"intent\":\"analysis_research\",\"confidence\":0.86,\"secondary\":\"information_request\"}");
        }
        if (body.contains("\\\"notes\\\"") || body.contains("{\"notes\"")) {
            return StubResponse.completion("{\"notes\":[]}");
        }
        return StubResponse.completion("The conversation so far is about how plants absorb light.");
    }

    private static String chunk(String text) {
        return "data: {\"id\":\"stub\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"stub\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}\n\n";
    }

    /** The number the prompt gave the source containing {@code text}, or "0". */
    private static String sourceWith(String body, String text) {
        Matcher m = SOURCE.matcher(
                JsonPaths.tree(body).path("messages").path(0).path("content").asText());
        while (m.find()) {
            if (m.group(2).contains(text)) {
                return m.group(1);
            }
        }
        return "0";
    }

    private static String lastUserMessage(String body) {
        JsonNode messages = JsonPaths.tree(body).path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).path("role").asText().equals("user")) {
                return messages.get(i).path("content").asText();
            }
        }
        return "";
    }

    /** Splits text into word-sized tokens, spaces and newlines kept, as a model streams them. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= text.length(); i++) {
            if (i == text.length()
                    || (Character.isWhitespace(text.charAt(i)) && !Character.isWhitespace(text.charAt(i - 1)))) {
                tokens.add(text.substring(start, i));
                start = i;
            }
        }
        return tokens;
    }
}
