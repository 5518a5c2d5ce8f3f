package dev.bmo.bot.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bmo.bot.support.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LockStoreTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void ofManyRequestsInTheSameInstantFromTwoProcessesExactlyOneGetsTheLock(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            LockStore one = new LockStore(db.jdbc());
            LockStore other = new LockStore(db.anotherClient()); // a second BMO on the same database
            for (int round = 0; round < 5; round++) {
                int contenders = 16;
                CountDownLatch go = new CountDownLatch(1);
                ExecutorService pool = Executors.newFixedThreadPool(contenders);
                List<Future<LockStore.Attempt>> attempts = new ArrayList<>();
                for (int i = 0; i < contenders; i++) {
                    LockStore store = i % 2 == 0 ? one : other;
                    long deployId = round * 100L + i;
                    attempts.add(pool.submit(() -> {
                        go.await();
                        return store.acquireForDeploy("resizer", "local", "user" + deployId, deployId);
                    }));
                }
                go.countDown();
                int won = 0;
                Long winner = null;
                for (Future<LockStore.Attempt> a : attempts) {
                    LockStore.Attempt attempt = a.get();
                    if (attempt.acquired()) {
                        won++;
                    } else {
                        assertThat(attempt.heldBy()).isNotNull();
                        winner = attempt.heldBy().deployId();
                    }
                }
                pool.shutdown();
                assertThat(won).as("round %d", round).isEqualTo(1);
                Lock held = one.find("resizer", "local").orElseThrow();
                assertThat(held.deployId()).isEqualTo(winner);
                one.releaseDeploy("resizer", "local", held.deployId());
                assertThat(one.find("resizer", "local")).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aPersonsLockBlocksOthersButLetsTheirOwnDeployRunUnderIt(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            LockStore locks = new LockStore(db.jdbc());
            assertThat(locks.lock("resizer", "production", "alice", "cache migration", null).acquired()).isTrue();

            LockStore.Attempt bob = locks.acquireForDeploy("resizer", "production", "bob", 7);
            assertThat(bob.acquired()).isFalse();
            assertThat(bob.heldBy().describe()).contains("alice").contains("cache migration");

            assertThat(locks.acquireForDeploy("resizer", "production", "alice", 8).acquired()).isTrue();
            assertThat(locks.acquireForDeploy("resizer", "production", "alice", 9).acquired())
                    .as("one deploy at a time, even for the holder").isFalse();
            locks.releaseDeploy("resizer", "production", 8);
            Lock after = locks.find("resizer", "production").orElseThrow();
            assertThat(after.holder()).isEqualTo("alice");
            assertThat(after.deployId()).isNull();
            assertThat(locks.unlock("resizer", "production")).isPresent();
            assertThat(locks.find("resizer", "production")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anExpiredLockIsGoneAndAnotherOneIsShownWithItsExpiry(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            LockStore locks = new LockStore(db.jdbc());
            locks.lock("media", "staging", "alice", "old", Instant.now().minusSeconds(1));
            assertThat(locks.find("media", "staging")).isEmpty();
            assertThat(locks.lock("media", "staging", "bob", null, Instant.now().plusSeconds(3600)).acquired())
                    .isTrue();
            assertThat(locks.all()).singleElement().satisfies(l -> {
                assertThat(l.holder()).isEqualTo("bob");
                assertThat(l.expiresAt()).isAfter(Instant.now());
            });
        }
    }
}
