package com.researchassistant.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.Session;
import com.researchassistant.chat.SessionStore;
import com.researchassistant.chat.Turn;
import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.config.Secret;
import com.researchassistant.db.StoreException;
import com.researchassistant.db.StoreUnavailableException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcSessionStoreTest extends SessionStoreContract {

    @TempDir
    Path dir;

    private JdbcSessionStore jdbc;

    @Override
    protected SessionStore openStore(Clock clock) {
        jdbc = JdbcSessionStore.open(url(), clock);
        return jdbc;
    }

    @AfterEach
    void close_store() {
        jdbc.close();
    }

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("sessions.db");
    }

    @Test
    void sessions_survive_closing_and_reopening_the_database() {
        // given
        Session session = store.create(ALICE, "kept");
        Turn turn = store.append(ALICE, session.id(), NewTurn.user("remember me", "mobile"))
                .orElseThrow();
        jdbc.close();

        // when
        jdbc = JdbcSessionStore.open(url(), clock);

        // then
        assertThat(jdbc.find(ALICE, session.id()).orElseThrow().turns()).containsExactly(turn);
    }

    @Test
    void turn_bodies_are_stored_compressed_behind_the_format_byte() throws SQLException {
        // given
        Session session = store.create(ALICE, "compressed");
        String content = "The mitochondrion is the powerhouse of the cell. ".repeat(40);
        store.append(ALICE, session.id(), answer(content));

        // when
        byte[] body;
        try (Connection c = DriverManager.getConnection(url());
                PreparedStatement select = c.prepareStatement("SELECT body FROM turns")) {
            try (ResultSet row = select.executeQuery()) {
                row.next();
                body = row.getBytes(1);
            }
        }

        // then
        assertThat(body[0]).isEqualTo(TurnCodec.DEFLATE_JSON);
        assertThat(body.length).isLessThan(content.length() / 4);
    }

    @Test
    void a_corrupt_turn_body_fails_find_with_a_message_naming_the_turn() throws SQLException {
        // given
        Session session = store.create(ALICE, "corrupt");
        Turn turn = store.append(ALICE, session.id(), NewTurn.user("soon garbage", "mobile"))
                .orElseThrow();
        try (Connection c = DriverManager.getConnection(url());
                Statement update = c.createStatement()) {
            update.executeUpdate("UPDATE turns SET body = X'01DEADBEEF'");
        }

        // when / then
        assertThatThrownBy(() -> store.find(ALICE, session.id()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(turn.id())
                .hasMessageNotContaining("soon garbage");
    }

    @Test
    void runs_sqlite_in_wal_mode() throws SQLException {
        // when
        String mode;
        try (Connection c = DriverManager.getConnection(url());
                Statement statement = c.createStatement();
                ResultSet row = statement.executeQuery("PRAGMA journal_mode")) {
            row.next();
            mode = row.getString(1);
        }

        // then
        assertThat(mode).isEqualToIgnoringCase("wal");
    }

    @Test
    void an_unreachable_postgresql_fails_fast_as_unavailable_without_echoing_the_password() {
        // given nothing listens on port 1 of the loopback interface
        DatabaseConfig config = new DatabaseConfig(
                "jdbc:postgresql://127.0.0.1:1/ra?user=ra&password=hunter2",
                Optional.empty(),
                Optional.of(new Secret("hunter3")),
                2,
                Duration.ofSeconds(1));

        // when / then
        assertThatThrownBy(() -> JdbcSessionStore.open(config, Clock.systemUTC()))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("hunter3");
    }

    @Test
    void rejects_an_unsupported_database_url_without_echoing_it() {
        // when / then
        assertThatThrownBy(() -> JdbcSessionStore.open("jdbc:mysql://db/x?password=hunter2", Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql:")
                .hasMessageNotContaining("hunter2");
    }
}
