package dev.bmo.api.photo;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The API answers JSON whatever {@code Accept} says: there {@code Accept} names the image types the client
 * decodes (image/avif, image/webp), which choose the images' format, not the answer's.
 */
@Configuration(proxyBeanMethods = false)
class JsonAlways implements WebMvcConfigurer {

    @Override
    public void configureContentNegotiation(ContentNegotiationConfigurer c) {
        c.ignoreAcceptHeader(true).defaultContentType(MediaType.APPLICATION_JSON);
    }
}
