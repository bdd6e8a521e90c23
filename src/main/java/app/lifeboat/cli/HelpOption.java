package app.lifeboat.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h, --help} for every subcommand. Not picocli's standard help mixin: that one also adds
 * {@code --version}, which only the top command has a version provider for (a subcommand's would
 * print an empty line).
 */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean requested;
}
