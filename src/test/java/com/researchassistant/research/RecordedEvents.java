package com.researchassistant.research;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.testing.JsonPaths;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link Events.Sink} that keeps what it is given, for tests of single steps. */
final class RecordedEvents implements Events.Sink {

    /** One event, its data parsed. */
    record Event(String name, JsonNode data) {}

    private final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void emit(String name, String data) {
        events.add(new Event(name, JsonPaths.tree(data)));
    }

    Events events() {
        return new Events(this);
    }

    List<String> names() {
        return events.stream().map(Event::name).toList();
    }

    List<JsonNode> named(String name) {
        return events.stream()
                .filter(e -> e.name().equals(name))
                .map(Event::data)
                .toList();
    }
}
