package dev.bmo.observability;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The smallest web application that carries the observability library, for tests. */
@SpringBootApplication
class ObservedTestApplication {

    @RestController
    static class Echo {
        @GetMapping("/status/{code}")
        ResponseEntity<String> status(@PathVariable int code) {
            return ResponseEntity.status(code).body("status " + code);
        }

        /** Answers as the resizer does from its cache: with {@link AccessLogFilter#CACHE_HEADER}. */
        @GetMapping("/cached")
        ResponseEntity<String> cached() {
            return ResponseEntity.ok().header(AccessLogFilter.CACHE_HEADER, "hit").body("from the cache");
        }
    }
}
