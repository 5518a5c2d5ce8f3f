package dev.bmo.bot.slack;

import dev.bmo.bot.deploy.DeployService;

import dev.bmo.bot.command.CommandCore;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Slack adapter's beans: settings from {@code BMO_SLACK_*} and the starter that runs the chosen mode. */
@Configuration
@EnableConfigurationProperties(SlackSettings.class)
public class SlackConfiguration {

    @Bean
    SlackStarter slackStarter(SlackSettings settings, CommandCore core, DeployService deploys) {
        return new SlackStarter(settings, core::handle, deploys::interruptedAtStartup);
    }
}
