package com.researchassistant.browser;

import com.researchassistant.testing.StubLlmServer;
import com.researchassistant.testing.TestApp;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What every browser test class serves: the application answering through the scripted model, and
 * the cuttable {@link NetworkLink} the browser reaches it through.
 */
final class ServedApp implements AutoCloseable {

    private final StubLlmServer stub;
    private TestApp app;
    private NetworkLink link;

    private ServedApp(Path dataDir, Map<String, String> env) {
        stub = StubLlmServer.start().respondByDefault(new ScriptedModel());
        try {
            // a citation check with time to spare: its marks must not depend on the machine's load
            Map<String, String> all = new HashMap<>(env);
            all.put("RA_CITATION_BUDGET", "60s");
            app = TestApp.withModel(dataDir, stub, all);
            link = NetworkLink.to(app.uri("/").getPort());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    static ServedApp start(Path dataDir) {
        return new ServedApp(dataDir, Map.of());
    }

    /** The app with {@code env} over the browser tests' own settings (research sources, say). */
    static ServedApp start(Path dataDir, Map<String, String> env) {
        return new ServedApp(dataDir, env);
    }

    TestApp app() {
        return app;
    }

    NetworkLink link() {
        return link;
    }

    @Override
    public void close() {
        try {
            if (link != null) {
                link.close();
            }
            if (app != null) {
                app.close();
            }
        } finally {
            stub.close();
        }
    }
}
