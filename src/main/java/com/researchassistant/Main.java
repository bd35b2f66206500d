package com.researchassistant;

import com.researchassistant.config.AppConfig;
import com.researchassistant.config.ConfigException;
import com.researchassistant.config.ConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the configuration from the environment, starts the server, stops it on SIGTERM. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        AppConfig config;
        try {
            config = new ConfigLoader(System.getenv()).load();
        } catch (ConfigException e) {
            log.error("Cannot start: {}", e.getMessage());
            System.exit(2);
            return;
        }
        Application app;
        try {
            app = Application.start(config);
        } catch (RuntimeException e) {
            log.error("Cannot start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
        log.info(
                "Research Assistant listening on http://localhost:{}/ (model: {})",
                app.port(),
                config.llm().configured()
                        ? config.llm().model() + " at " + config.llm().baseUrl()
                        : "none configured, set HF_TOKEN");
    }
}
