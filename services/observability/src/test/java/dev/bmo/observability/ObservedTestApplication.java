package dev.bmo.observability;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The smallest web application that carries the observability library, for tests. */
@SpringBootApplication
class ObservedTestApplication {
}
