package graphkit.launcher;

import org.neo4j.configuration.Config;
import org.neo4j.dbms.MemoryRecommendation;
import org.neo4j.io.os.OsBeanUtil;

/**
 * Neo4j's own memory recommendation for this machine, as {@code neo4j-admin server
 * memory-recommendation} computes it (the same calls).
 *
 * <pre>
 * java -cp ... graphkit.launcher.Memory [MEMORY_BYTES]
 * </pre>
 *
 * <p>Prints {@code memory=} (bytes), {@code heap=} and {@code pagecache=} (as the command
 * prints them: {@code 3600m}, {@code 2g}), one a line: the memory assumed (MEMORY_BYTES,
 * else the machine's physical memory) and the heap and page cache Neo4j recommends for it. graphkit's manager runs it (once per machine size)
 * before it starts the launcher, whose heap is fixed then.
 */
public final class Memory {
    private Memory() {}

    public static void main(String[] args) {
        if (args.length > 1) {
            System.err.println("usage: Memory [MEMORY_BYTES]");
            System.exit(2);
        }
        long memory = args.length == 1 ? Long.parseLong(args[0]) : OsBeanUtil.getTotalPhysicalMemory();
        long offHeap = MemoryRecommendation.recommendTxStateMemory(Config.defaults(), memory);
        long heap = MemoryRecommendation.recommendHeapMemory(memory);
        long pagecache = MemoryRecommendation.recommendPageCacheMemory(memory, offHeap);
        System.out.println("memory=" + memory);
        // as the command prints them (rounded: 3600m, 2g), which is what a user would set
        System.out.println("heap=" + MemoryRecommendation.bytesToString(heap));
        System.out.println("pagecache=" + MemoryRecommendation.bytesToString(pagecache));
    }
}
