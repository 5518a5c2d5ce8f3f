package dev.bmo.resizer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ResizerApplication {
    public static void main(String[] args) {
        SpringApplication.run(ResizerApplication.class, args);
    }
}
