package com.researchassistant.llm;

import java.util.stream.Stream;

/** The recorded chat streams and what each must amount to, worked out by hand from the files. */
final class RecordedStreams {

    private RecordedStreams() {}

    /** One recorded stream and its expected outcome. */
    record Case(String name, Recordings.Recorded recorded, String text, String finishReason, Usage usage) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> all() {
        return Stream.of(
                exchange(
                        "02_chat_stream_router_hf-inference_llama31.json",
                        "Deep learning is a subset of machine learning that involves the use of artificial neural networks (ANNs)",
                        "length",
                        Usage.UNKNOWN),
                exchange(
                        "03_chat_stream_router_together_usage_done.json",
                        "Deep learning is a subfield of machine learning that involves the use of artificial neural networks to model and",
                        "length",
                        new Usage(26, 20)),
                exchange(
                        "04_chat_stream_router_cerebras_no_done.json",
                        "Deep learning is a subset of machine learning, which is a field of artificial intelligence (AI) that",
                        "length",
                        new Usage(46, 20)),
                exchange(
                        "05_chat_stream_router_sambanova.json",
                        "Deep learning is a subset of machine learning that involves the use of artificial neural networks with multiple layers to",
                        "length",
                        Usage.UNKNOWN),
                exchange(
                        "08_chat_stream_tgi301_mistral.json",
                        " The answer to the equation 1 + 1 is 2.",
                        "stop",
                        Usage.UNKNOWN),
                exchange(
                        "10_chat_stream_tgi201_legacy_no_space_no_done.json",
                        " The answer to the equation 1 + 1 is 2.</s>",
                        "eos_token",
                        Usage.UNKNOWN),
                new Case(
                        "32_tgi_tool_call_stream_chunks.json",
                        Recordings.snapshot("32_tgi_tool_call_stream_chunks.json", false),
                        "",
                        "unknown",
                        Usage.UNKNOWN),
                new Case(
                        "33_tgi_chat_stream_include_usage_chunks.json",
                        Recordings.snapshot("33_tgi_chat_stream_include_usage_chunks.json", true),
                        "OK!",
                        "stop",
                        new Usage(39, 3)));
    }

    private static Case exchange(String file, String text, String finishReason, Usage usage) {
        return new Case(file, Recordings.exchange(file), text, finishReason, usage);
    }
}
