package dev.bmo.bot.command;

import dev.bmo.bot.deploy.DeployHandle;
import dev.bmo.bot.deploy.DeployRequest;
import dev.bmo.bot.deploy.DeployService;

/** deploy, rollback, approve, reject, cancel: handed to the {@link DeployService}. */
public class DeployCommands {

    private final DeployService service;

    public DeployCommands(DeployService service) {
        this.service = service;
    }

    Reply deploy(CommandRequest request, Command.Deploy d) {
        DeployHandle handle = service.request(new DeployRequest(request.caller(), d.service(), d.ref(), d.env(),
                d.hosts(), d.force(), d.queue(), request.requestKey(), request.origin(), request.progress()));
        return Reply.deploy(handle);
    }

    Reply rollback(CommandRequest request, Command.Rollback r) {
        return Reply.deploy(service.rollback(request.caller(), r.service(), r.env(), request.requestKey(),
                request.origin(), request.progress()));
    }

    Reply approve(CommandRequest request, Command.Approve a) {
        service.follow(a.deployId(), request.progress());
        DeployHandle handle = service.approve(request.caller(), a.deployId());
        return new Reply(true, "Approved. " + handle.message(), handle);
    }

    Reply reject(CommandRequest request, Command.Reject r) {
        DeployHandle handle = service.reject(request.caller(), r.deployId(), r.reason());
        return new Reply(true, handle.message(), null);
    }

    Reply decide(CommandRequest request, Command.Decide d) {
        return Reply.ok(service.decide(request.caller(), d.deployId(), d.rollBack()));
    }

    Reply cancel(CommandRequest request, Command.Cancel c) {
        return Reply.ok(service.cancel(request.caller(), c.deployId()));
    }
}
