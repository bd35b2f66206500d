package com.researchassistant.chat;

import com.researchassistant.llm.ChatMessage;
import com.researchassistant.llm.LlmException;
import com.researchassistant.llm.Task;
import com.researchassistant.llm.TaskModels;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names a conversation after its first question. The rules title is instant: the question's
 * topic without its lead-in ("What does my library say about sleep?" is "Sleep"), cut at a clause
 * or a word. The model title is a few words from the SUMMARIZE model, asked beside the answer and
 * bounded by the summary timeout; a reply that is not a short title is dropped.
 */
public final class TitleAgent {

    private static final Logger log = LoggerFactory.getLogger(TitleAgent.class);

    /** The longest title either way. */
    static final int MAX_CHARS = 60;
    /** A rules title longer than this is cut at its first clause, or else at a word. */
    static final int TARGET_CHARS = 48;
    /** A model reply with more words than this is an answer, not a title. */
    private static final int MAX_WORDS = 10;
    /** The most of the question the title model reads. */
    private static final int MAX_QUESTION_CHARS = 1_000;

    private static final String SYSTEM_PROMPT = """
            Write a short title (2 to 6 words) for a research conversation that opens with the user's \
            message below. Name its topic, like the title of a notebook page. Reply with the title only: \
            no quotes, no final full stop.""";

    /** Greetings, requests and "what does my library say about" lead-ins: not the topic. */
    private static final List<Pattern> LEAD_INS = List.of(
            lead("(hi|hello|hey|dear assistant)\\b[,!.]?"),
            lead("(please|pls|ok|okay|so)\\b,?"),
            lead("(can|could|would|will) you( please)?( help me)?"),
            lead("(i'd like to know|i would like to know|i want to know|i wonder|i'm wondering|i am wondering)"
                    + "( about)?"),
            lead("(tell me|what do you know|what can you tell me) about"),
            lead("what (do|does|did) (my|the|our|these|this|your) ([\\w-]+ ){0,2}(library|documents?|papers?|notes?"
                    + "|sources?|samples?|literature|research|evidence|studies|files?) (say|says|tell me|show|suggest"
                    + "|claim|conclude) (about|on|regarding|of)"),
            lead("what is (known|said) (about|on|regarding)"));

    private static final Pattern CLAUSE = Pattern.compile("[,;:]\\s|\\s[-–—]\\s");

    private final TaskModels models;
    private final Duration timeout;
    private final Duration grace;

    /**
     * @param timeout the model call's budget (the summary timeout)
     * @param grace how long the end of an answer waits for a model title still being written
     */
    public TitleAgent(TaskModels models, Duration timeout, Duration grace) {
        this.models = Objects.requireNonNull(models, "models");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.grace = Objects.requireNonNull(grace, "grace");
    }

    /** Whether {@link #byModel} can be asked at all. */
    boolean modelAvailable() {
        return models.available();
    }

    Duration grace() {
        return grace;
    }

    /** The title the rules give a conversation opened by {@code message}; never blank. */
    static String byRules(String message) {
        String line = message.strip()
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .findFirst()
                .orElse("")
                .replaceAll("\\s+", " ");
        String topic = withoutLeadIns(line).replaceAll("[?.!\\s]+$", "").strip();
        if (topic.isEmpty()) {
            topic = line.replaceAll("[?.!\\s]+$", "").strip();
        }
        if (topic.isEmpty()) {
            return ChatService.DEFAULT_TITLE;
        }
        return capitalised(shortened(topic));
    }

    /**
     * Asks the model for a title; blocks up to the summary timeout. Empty when the model failed or
     * its reply was not a short title.
     */
    Optional<String> byModel(String message) {
        String question = message.strip();
        if (question.length() > MAX_QUESTION_CHARS) {
            question = question.substring(0, MAX_QUESTION_CHARS);
        }
        try {
            TaskModels.Completion completion = models.complete(
                    Task.SUMMARIZE, List.of(ChatMessage.system(SYSTEM_PROMPT), ChatMessage.user(question)), timeout);
            Optional<String> title = cleaned(completion.text());
            if (title.isEmpty()) {
                log.info(
                        "title: model {} replied with no usable title; the rules title stays",
                        completion.routed().model());
            }
            return title;
        } catch (LlmException e) {
            log.info("title: model failed ({}, status {}); the rules title stays", e.kind(), e.status());
            return Optional.empty();
        }
    }

    /** A model's reply as a title: its first line without quotes, a "Title:" label or a full stop. */
    static Optional<String> cleaned(String reply) {
        String line = reply.strip()
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .findFirst()
                .orElse("");
        String title = line.replaceFirst("(?i)^(\\*\\*)?title(\\*\\*)?\\s*:\\s*", "")
                .replaceAll("^[#*_\"'“”‘’`\\s]+|[*_\"'“”‘’`\\s]+$", "")
                .replaceAll("[.\\s]+$", "")
                .replaceAll("\\s+", " ")
                .strip();
        if (title.isEmpty() || title.split(" ").length > MAX_WORDS || title.length() > MAX_CHARS) {
            return Optional.empty();
        }
        return Optional.of(capitalised(title));
    }

    private static String withoutLeadIns(String line) {
        String rest = line;
        boolean cut = true;
        while (cut) {
            cut = false;
            for (Pattern lead : LEAD_INS) {
                String shorter = lead.matcher(rest).replaceFirst("").strip();
                if (shorter.length() < rest.length()) {
                    rest = shorter;
                    cut = true;
                }
            }
        }
        return rest;
    }

    /** At most {@value #TARGET_CHARS} characters: the first clause when it says enough, else cut at a word. */
    private static String shortened(String topic) {
        if (topic.length() <= TARGET_CHARS) {
            return topic;
        }
        var clause = CLAUSE.matcher(topic);
        if (clause.find() && clause.start() >= 12 && clause.start() <= MAX_CHARS) {
            return topic.substring(0, clause.start()).strip();
        }
        int cut = topic.lastIndexOf(' ', TARGET_CHARS);
        if (cut < TARGET_CHARS / 2) {
            cut = Character.isHighSurrogate(topic.charAt(TARGET_CHARS - 1)) ? TARGET_CHARS - 1 : TARGET_CHARS;
        }
        return topic.substring(0, cut).replaceAll("[,;:\\s]+$", "") + "…";
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    private static Pattern lead(String regex) {
        return Pattern.compile("^" + regex + "\\s*", Pattern.CASE_INSENSITIVE);
    }
}
