package dev.bmo.api.openapi;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** The contract's head: what the API is and how a caller shows its key (springdoc serves it at /v3/api-docs). */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "BMO photo API", version = "1",
        description = "Photos from media with images chosen for the client; every error is {\"error\": code, \"message\": text}."))
@SecurityScheme(name = "apiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER, paramName = "X-Api-Key")
class OpenApiDocument {
}
