package com.researchassistant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules of the package layout, read from the sources: dependencies between feature packages
 * form no cycle, only {@code web} speaks HTTP, and only {@code Main} and {@code config} read the
 * app's settings from the environment.
 */
class PackageGraphTest {

    private static final Path MAIN = Path.of("src/main/java/com/researchassistant");
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?com\\.researchassistant\\.([a-z]+)\\.", Pattern.MULTILINE);

    @Test
    void feature_packages_form_no_cycle() {
        // given
        Map<String, Set<String>> graph = packageGraph();

        // when
        List<List<String>> cycles = cycles(graph);

        // then
        assertThat(graph).containsKeys("chat", "session", "web", "db");
        assertThat(cycles).as("package cycles in %s", graph).isEmpty();
    }

    @Test
    void only_web_imports_the_http_server() {
        assertThat(filesMatching("import io\\.helidon\\."))
                .allSatisfy(file -> assertThat(MAIN.relativize(file).toString()).startsWith("web/"));
    }

    /** The embedding code honours DJL's own {@code DJL_OFFLINE}; the app's settings come through config. */
    @Test
    void only_main_and_config_read_the_environment() {
        assertThat(filesMatching("System\\.getenv\\((\\)|\"(RA_|HF_|PORT))"))
                .allSatisfy(file -> assertThat(MAIN.relativize(file).toString()).matches("Main\\.java|config/.*"));
    }

    private static Map<String, Set<String>> packageGraph() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Path file : sources()) {
            Path relative = MAIN.relativize(file);
            if (relative.getNameCount() < 2) {
                continue; // Main and Application wire everything together
            }
            String from = relative.getName(0).toString();
            Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
            Matcher m = IMPORT.matcher(read(file));
            while (m.find()) {
                if (!m.group(1).equals(from)) {
                    to.add(m.group(1));
                }
            }
        }
        return graph;
    }

    /** Every cycle found by a depth-first walk from each package, as the path that closes it. */
    private static List<List<String>> cycles(Map<String, Set<String>> graph) {
        List<List<String>> found = new ArrayList<>();
        for (String start : graph.keySet()) {
            walk(graph, start, new ArrayList<>(List.of(start)), found);
        }
        return found;
    }

    private static void walk(Map<String, Set<String>> graph, String at, List<String> path, List<List<String>> found) {
        for (String next : graph.getOrDefault(at, Set.of())) {
            if (next.equals(path.get(0))) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(next);
                found.add(cycle);
            } else if (!path.contains(next) && next.compareTo(path.get(0)) > 0) {
                path.add(next);
                walk(graph, next, path, found);
                path.remove(path.size() - 1);
            }
        }
    }

    private static List<Path> filesMatching(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return sources().stream().filter(f -> pattern.matcher(read(f)).find()).toList();
    }

    private static List<Path> sources() {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
