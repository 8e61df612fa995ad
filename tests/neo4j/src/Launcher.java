import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Neo4j Community with only a Bolt connector on loopback, for the test tier and benchmarks.
 *
 * <p>Usage: {@code Launcher DATA_DIR PAGE_CACHE_MIB TRANSACTION_MEMORY_MIB [--keep-data]}. Unless
 * {@code --keep-data} is given, the data directory is removed after shutdown, so a throwaway database
 * leaves nothing behind even when its parent was killed. Bolt binds port 0 so the
 * kernel picks a free port with no race; the bound port is printed on one line once the database
 * answers. The process stops when its standard input closes, which happens when the parent dies
 * however it dies, and on SIGTERM.
 */
public final class Launcher {
    private static final long MIB = 1024L * 1024L;
    private static final long MONITOR_INTERVAL_MS = 2;

    public static void main(String[] args) throws IOException {
        boolean keepData = args.length == 4 && args[3].equals("--keep-data");
        if (args.length != 3 && !keepData) {
            System.err.println("usage: Launcher DATA_DIR PAGE_CACHE_MIB TRANSACTION_MEMORY_MIB [--keep-data]");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        long pageCache = Long.parseLong(args[1]) * MIB;
        long transactionMemory = Long.parseLong(args[2]) * MIB;

        DatabaseManagementService service = new DatabaseManagementServiceBuilder(dataDir)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, transactionMemory)
                // Timeouts are enforced by a monitor every check interval (2 s by default): check
                // often, so a statement is stopped close to its own time limit, as on FalkorDB.
                .setConfig(GraphDatabaseSettings.transaction_monitor_check_interval, Duration.ofMillis(MONITOR_INTERVAL_MS))
                // No backups are taken of these databases: keep no old transaction logs, and
                // do not preallocate them.
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.shutdown();
            if (!keepData) {
                deleteTree(dataDir);
            }
        }, "neo4j-shutdown"));

        GraphDatabaseAPI database = (GraphDatabaseAPI) service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        database.executeTransactionally("RETURN 1");
        int port = database.getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT)
                .getPort();
        System.out.println("NEO4J READY bolt://127.0.0.1:" + port);
        System.out.flush();

        // Blocks until the parent closes the pipe or dies; exiting runs the shutdown hook.
        while (System.in.read() != -1) {
            // Input carries no commands.
        }
        System.exit(0);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }
}
