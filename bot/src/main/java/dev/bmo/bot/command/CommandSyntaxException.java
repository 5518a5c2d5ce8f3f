package dev.bmo.bot.command;

/**
 * Input that does not fit the grammar. Carries what was understood so far and the right form, so
 * the reply can say both.
 */
public class CommandSyntaxException extends RuntimeException {

    private final String understood;
    private final Grammar.Form form;

    public CommandSyntaxException(String problem, String understood, Grammar.Form form) {
        super(problem);
        this.understood = understood;
        this.form = form;
    }

    public String understood() {
        return understood;
    }

    public Grammar.Form form() {
        return form;
    }

    /** The whole reply: the problem, what was understood, and the right form with an example. */
    public String explain() {
        StringBuilder s = new StringBuilder(getMessage());
        if (understood != null && !understood.isEmpty()) {
            s.append("\nI understood: ").append(understood);
        }
        if (form != null) {
            s.append("\nThe form is: ").append(form.usage()).append("\nFor example: ").append(form.example());
        } else {
            s.append("\nType 'help' for the commands.");
        }
        return s.toString();
    }
}
