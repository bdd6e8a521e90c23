package app.lifeboat.ui;

import app.lifeboat.core.BackupService;
import app.lifeboat.core.config.LifeboatHome;
import app.lifeboat.ui.common.AlertErrorSink;
import app.lifeboat.ui.common.BackgroundThreads;
import app.lifeboat.ui.common.FileDialogs;
import app.lifeboat.ui.common.Format;
import app.lifeboat.ui.common.FxFileDialogs;
import app.lifeboat.ui.common.Messages;
import app.lifeboat.ui.common.OperationRunner;
import app.lifeboat.ui.common.UiPreferences;
import app.lifeboat.ui.database.DatabaseFormController;
import app.lifeboat.ui.database.DatabaseFormViewModel;
import app.lifeboat.ui.destination.DestinationFormController;
import app.lifeboat.ui.destination.DestinationFormViewModel;
import app.lifeboat.ui.destination.DestinationsController;
import app.lifeboat.ui.destination.DestinationsViewModel;
import app.lifeboat.ui.inspect.BrowserController;
import app.lifeboat.ui.inspect.BrowserViewModel;
import app.lifeboat.ui.inspect.CompareController;
import app.lifeboat.ui.inspect.CompareViewModel;
import app.lifeboat.ui.inspect.InspectViews;
import app.lifeboat.ui.inspect.InspectWindows;
import app.lifeboat.ui.main.ActivityController;
import app.lifeboat.ui.main.BackupDetailsController;
import app.lifeboat.ui.main.BackupsTableController;
import app.lifeboat.ui.main.CloseFlow;
import app.lifeboat.ui.main.DatabaseHeaderController;
import app.lifeboat.ui.main.DatabaseListController;
import app.lifeboat.ui.main.Dialogs;
import app.lifeboat.ui.main.FxDialogs;
import app.lifeboat.ui.main.MainCommands;
import app.lifeboat.ui.main.MainController;
import app.lifeboat.ui.main.MainFlows;
import app.lifeboat.ui.main.MainRemedyActions;
import app.lifeboat.ui.main.MainViewModel;
import app.lifeboat.ui.main.MainWindowActions;
import app.lifeboat.ui.main.ViewFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.stage.Window;
import javafx.util.Callback;

/**
 * The one place where the window's objects are created and wired: the engine, a small executor for
 * all background work, the view models, and the controllers (through
 * {@link FXMLLoader#setControllerFactory}). Construct it off the FX thread: it reads preferences.
 */
public final class CompositionRoot implements ViewFactory, InspectViews, AutoCloseable {
    private final BackupService service;
    private final ExecutorService executor;
    private final Messages messages;
    private final Format format;
    private final UiPreferences preferences;
    private final FileDialogs files;
    private final AlertErrorSink errors;
    private final MainViewModel mainModel;
    private final MainCommands commands;
    private final MainFlows flows;
    private final MainWindowActions actions;
    private final WindowShell shell;
    private final InspectWindows inspector;
    private Parent mainView;
    private MainController mainController;
    private ChangeWatcher watcher;
    private BackupScheduler scheduler;
    private Consumer<String> uriOpener = uri -> { };
    /** How the app ends once quitting is allowed; the app sets Platform::exit, tests keep this. */
    private Runnable exit = () -> {
        if (window() != null) {
            window().hide();
        }
    };

    /** @param files the file pickers, or null for the real ones */
    public CompositionRoot(LifeboatHome home, Clock clock, FileDialogs files) {
        this.messages = Messages.load(Locale.getDefault());
        this.service = new BackupService(home, clock, System.getenv());
        this.executor = newExecutor();
        this.format = new Format(messages, ZoneId.systemDefault());
        this.preferences = new UiPreferences(service, executor).load();
        this.files = files != null ? files : new FxFileDialogs(messages);
        this.errors = new AlertErrorSink(messages);
        OperationRunner runner = new OperationRunner(executor, messages, errors, clock);
        this.mainModel = new MainViewModel(service, executor, messages, format, preferences, runner);
        this.commands = new MainCommands(mainModel, messages);
        Dialogs dialogs = new FxDialogs(messages, format, this, this::window, home.root(), uriOpener());
        this.flows = new MainFlows(mainModel, commands, messages, this.files, dialogs, executor, this::window);
        errors.setRemedyActions(new MainRemedyActions(flows, commands));
        CloseFlow closeFlow = new CloseFlow(mainModel, flows, dialogs, messages, preferences);
        this.shell = new WindowShell(closeFlow, mainModel.protection(), messages, this::runDueNow, () -> exit.run());
        this.inspector = new InspectWindows(service, messages, format, runner, this.files, this,
                owner -> new FxDialogs(messages, format, this, owner, home.root(), uriOpener()), this::window, mainModel::reload);
        this.actions = new MainWindowActions(mainModel, commands, flows, closeFlow, dialogs, messages, preferences,
                shell::quit, inspector);
    }

    /**
     * Two daemon threads: one for an operation, one for loads and preference writes, so the list can
     * refresh while a long backup runs. The engine keeps its own two checking threads, started from
     * these, at their lower priority (see {@link BackgroundThreads}).
     */
    private static ExecutorService newExecutor() {
        return Executors.newFixedThreadPool(2, new BackgroundThreads("lifeboat-ui-worker-"));
    }

    /**
     * Loads the main window's view. Its parts (fx:include) share this controller factory, so each part
     * controller is created here with its collaborators.
     */
    public Parent loadMainView() {
        Map<Class<?>, Supplier<Object>> controllers = Map.of(
                MainController.class, () -> mainController = new MainController(mainModel, actions),
                DatabaseListController.class, () -> new DatabaseListController(mainModel, actions, messages),
                DatabaseHeaderController.class, () -> new DatabaseHeaderController(mainModel, actions, commands, flows,
                        messages),
                BackupsTableController.class, () -> new BackupsTableController(mainModel, actions, messages),
                BackupDetailsController.class, () -> new BackupDetailsController(mainModel, messages, format),
                ActivityController.class, () -> new ActivityController(mainModel.runner(), actions, messages));
        mainView = load("main/MainView.fxml", type -> {
            Supplier<Object> controller = controllers.get(type);
            if (controller == null) {
                throw new IllegalArgumentException("no controller " + type);
            }
            return controller.get();
        });
        return mainView;
    }

    /** The window's close button, the tray icon and quitting. */
    public WindowShell shell() {
        return shell;
    }

    /** How the app ends once quitting is allowed (the app: Platform.exit). */
    public void setExit(Runnable exit) {
        this.exit = exit;
    }

    /** The main window once it is shown: the owner of dialogs (null before). */
    private Window window() {
        return mainView == null || mainView.getScene() == null ? null : mainView.getScene().getWindow();
    }

    @Override
    public Parent databaseForm(DatabaseFormViewModel model) {
        return load("database/DatabaseFormView.fxml", type -> new DatabaseFormController(model, files));
    }

    @Override
    public Parent destinations(DestinationsViewModel model) {
        return load("destination/DestinationsView.fxml", type -> new DestinationsController(model, messages,
                this::destinationForm));
    }

    @Override
    public Parent browser(BrowserViewModel model) {
        return load("inspect/BrowserView.fxml", type -> new BrowserController(model, messages));
    }

    @Override
    public Parent compare(CompareViewModel model) {
        return load("inspect/CompareView.fxml", type -> new CompareController(model, messages));
    }

    public Parent destinationForm(DestinationFormViewModel model) {
        return load("destination/DestinationFormView.fxml", type -> new DestinationFormController(model, files));
    }

    private Parent load(String fxml, Callback<Class<?>, Object> controllers) {
        FXMLLoader loader = new FXMLLoader(CompositionRoot.class.getResource(fxml), messages.bundle());
        loader.setControllerFactory(controllers);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + fxml, e);
        }
    }

    /** Starts polling the home for changes made by other processes. */
    public void startWatching(long periodMillis) {
        watcher = new ChangeWatcher(mainModel::diskStamp, () -> {
            if (!mainModel.runner().runningProperty().get()) {
                mainModel.reload();
            }
        });
        watcher.start(periodMillis);
    }

    /**
     * Starts the in-process scheduler: due backups and re-verifications run in the background while
     * the window is open (catching up at once what was missed while it was closed), with
     * notifications for failures and for databases that become stale.
     */
    public void startScheduler() {
        Notifier notifier = new Notifier(service, messages, (title, text) -> shell.notice(title, text, true));
        scheduler = new BackupScheduler(service, mainModel.runner(), messages, notifier::afterCheck, mainModel::reload);
        scheduler.start();
    }

    /** The tray's "Run due backups now": one scheduler check at once (it waits if something runs). */
    private void runDueNow() {
        if (scheduler != null) {
            scheduler.runNow(text -> shell.notice(messages.get("tray.runDue.title"), text, false));
        }
    }

    /** How the app opens a folder or web page (the platform's HostServices). */
    public void setUriOpener(Consumer<String> opener) {
        this.uriOpener = opener;
    }

    public Consumer<String> uriOpener() {
        return uri -> uriOpener.accept(uri);
    }

    public MainViewModel mainModel() {
        return mainModel;
    }

    public MainCommands commands() {
        return commands;
    }

    public MainController mainController() {
        return mainController;
    }

    public UiPreferences preferences() {
        return preferences;
    }

    public AlertErrorSink errors() {
        return errors;
    }

    public Messages messages() {
        return messages;
    }

    public BackupService service() {
        return service;
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
        inspector.closeAll();
        executor.shutdown();
        try {
            // A cancelled operation removes its temporaries before it ends: let it, before the JVM exits.
            executor.awaitTermination(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        service.close();
    }
}
