package app.lifeboat.cli;

import app.lifeboat.core.config.DestinationSettings;
import app.lifeboat.core.config.KeyringEntries;
import app.lifeboat.core.destination.DestinationCheck;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code destination add|set|list|test|remove}: the named places backups are copied to. */
@Command(name = "destination", description = "Add, change, list, test or remove the destinations backups are copied to.",
        subcommands = {DestinationCommand.Add.class, DestinationCommand.Set.class, DestinationCommand.ListAll.class,
            DestinationCommand.Test.class, DestinationCommand.Remove.class})
final class DestinationCommand implements BaseCommand.CommandGroup {
    @ParentCommand
    LifeboatCommand root;

    @Mixin
    HelpOption help;

    @Override
    public LifeboatCommand root() {
        return root;
    }

    /** {@code destination add}. */
    @Command(name = "add", description = "Register a destination: a folder, s3://bucket/prefix or sftp://user@host[:port]/path.")
    static final class Add extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "URL")
        String url;

        @Mixin
        DestinationOptionsMixin options;

        @Override
        int run() {
            DestinationSettings d = service().addDestination(options.over(name, url, null), options.secrets(name, this));
            out().println("added destination " + d.name() + " (" + d.kind().label() + ", " + d.url()
                    + "); test it with 'lifeboat destination test " + d.name() + "'");
            printKeyring(out(), d);
            return ExitCodes.OK;
        }
    }

    /** {@code destination set}: changes what is given, keeps the rest; an empty value ('') removes a setting. */
    @Command(name = "set", description = "Change a destination's settings; its name and kind stay. An empty value ('') removes"
            + " a setting.")
    static final class Set extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--url", paramLabel = "URL", description = "A new folder, bucket/prefix or server path of the same kind.")
        String url;

        @Mixin
        DestinationOptionsMixin options;

        @Override
        int run() {
            DestinationSettings old = service().destination(name);
            DestinationSettings d = service().editDestination(options.over(name,
                    url == null ? old.url() : url.isEmpty() ? null : url, old), options.secrets(name, this));
            out().println("changed destination " + d.name() + " (" + d.kind().label() + ", " + d.url()
                    + "); test it with 'lifeboat destination test " + d.name() + "'");
            printKeyring(out(), d);
            return ExitCodes.OK;
        }
    }

    /** Which entries of the system keyring the destination's secrets are in (names only). */
    static void printKeyring(PrintWriter out, DestinationSettings d) {
        KeyringEntries k = d.keyring();
        if (k != null) {
            List<String> names = Stream.of(k.accessKeyId(), k.secretAccessKey(), k.password(), k.passphrase())
                    .filter(Objects::nonNull).toList();
            out.println("secrets in the system keyring (service lifeboat): " + String.join(", ", names));
        }
    }

    /** {@code destination list}. */
    @Command(name = "list", description = "List the destinations and the databases that copy to each.")
    static final class ListAll extends BaseCommand {
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        int run() {
            List<DestinationSettings> all = service().destinations();
            if (json) {
                printJson(all);
                return ExitCodes.OK;
            }
            if (all.isEmpty()) {
                out().println("no destinations yet — add one with 'lifeboat destination add NAME URL'");
                return ExitCodes.OK;
            }
            for (DestinationSettings d : all) {
                List<String> users = service().databases().stream()
                        .filter(db -> db.copyTo().stream().anyMatch(c -> c.destination().equals(d.name())))
                        .map(db -> db.name()).toList();
                out().printf("%-12s  %-6s  %s  copies of: %s%n", d.name(), d.kind().label(), d.url(),
                        users.isEmpty() ? "none" : String.join(", ", users));
            }
            return ExitCodes.OK;
        }
    }

    /** {@code destination test}. */
    @Command(name = "test", description = "Connect, write, read back and delete a probe object, and report each step.")
    static final class Test extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Option(names = "--accept-host-key", paramLabel = "SHA256:...",
                description = "SFTP: trust the server's host key with this fingerprint first (compare it with the server owner's).")
        String hostKey;

        @Override
        int run() {
            if (hostKey != null) {
                service().acceptHostKey(name, hostKey);
            }
            DestinationCheck.Result r = service().testDestination(name);
            if (json) {
                printJson(r);
            } else {
                out().println(r.destination() + " (" + r.location() + ")");
                for (DestinationCheck.Step s : r.steps()) {
                    out().printf("  %-10s  %s  %s%n", s.step(), s.ok() ? "ok    " : "FAILED", s.detail());
                }
                if (r.ok()) {
                    out().println("destination " + name + " works");
                }
            }
            if (!r.ok()) {
                DestinationCheck.Step failed = r.steps().stream().filter(s -> !s.ok()).findFirst().orElseThrow();
                err().println("error: destination " + name + " does not work: the " + failed.step() + " step failed — "
                        + failed.detail());
                return ExitCodes.FAILED;
            }
            return ExitCodes.OK;
        }
    }

    /** {@code destination remove}. */
    @Command(name = "remove", description = "Forget a destination no database copies to; what is stored there stays.")
    static final class Remove extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int run() {
            DestinationSettings d = service().removeDestination(name);
            out().println("removed destination " + d.name() + "; what is stored at " + d.url() + " stays there");
            return ExitCodes.OK;
        }
    }
}
