package dev.bmo.bot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** BMO: the deployment and operations bot. The chat adapter in front decides how it is talked to. */
@SpringBootApplication
public class BmoApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(BmoApplication.class);
        app.setLogStartupInfo(false);
        System.exit(SpringApplication.exit(app.run(args)));
    }
}
