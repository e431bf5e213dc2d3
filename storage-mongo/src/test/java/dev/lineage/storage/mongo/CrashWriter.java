package dev.lineage.storage.mongo;

import dev.lineage.domain.EntityRegistry;
import dev.lineage.domain.thread.ChatMessage;
import dev.lineage.domain.thread.ChatThread;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The writer {@link CrashTest} kills: a separate JVM that commits conversations of the thread
 * domain in a loop until it is killed. It starts new threads, appends turns, edits an earlier message (which rewrites the
 * history from that message on) and branches from an old version, and prints {@code committed
 * <root id>} after each commit the store acknowledged. Messages run to a few kilobytes, so a good
 * part of each commit is spent writing documents before the commit is made visible.
 */
public final class CrashWriter {

  private CrashWriter() {}

  /** Arguments: the connection string of the store, and a random seed. */
  public static void main(String[] args) {
    Random random = new Random(Long.parseLong(args[1]));
    // chunks of 2: most commits then write chunk documents, which a kill may leave behind too
    try (MongoEntityStorage storage = MongoEntityStorage.connect(args[0],
        MongoStorageOptions.defaults().withChunkSize(2))) {
      EntityRegistry registry = EntityRegistry.over(storage);
      List<ChatThread> chats = new ArrayList<>();
      for (long step = 0; ; step++) {
        int action = chats.isEmpty() ? 0 : random.nextInt(10);
        ChatThread chat = chats.isEmpty() ? null : chats.get(random.nextInt(chats.size()));
        if (action == 1 && chat.oldIds().isEmpty()) {
          action = 3;
        }
        if (action == 0) {
          chat = Conversations.thread("chat " + args[1] + "/" + step);
          for (int turn = random.nextInt(3); turn >= 0; turn--) {
            Conversations.addTurn(chat, question("opening question " + turn, random));
          }
          registry.register(chat);
          chats.add(chat);
        } else if (action == 1) {
          List<UUID> earlier = chat.oldIds();
          chat = registry.branchFrom(earlier.get(random.nextInt(earlier.size())), ChatThread.class);
          Conversations.addTurn(chat, question("a branch at step " + step, random));
          registry.commit(chat);
          chats.add(chat);
        } else if (action == 2) {
          List<ChatMessage> history = new ArrayList<>(chat.history());
          int edited = random.nextInt(history.size());
          history.set(edited, history.get(edited).withContent("edited at " + step));
          chat.setHistory(history);
          registry.commit(chat);
        } else {
          Conversations.addTurn(chat, question("question at step " + step, random));
          registry.commit(chat);
        }
        System.out.println("committed " + chat.ecsId());
        System.out.flush();
      }
    }
  }

  /** A question of a few kilobytes, so that writing a turn takes a while. */
  private static String question(String start, Random random) {
    return start + ": " + "Tell me more. ".repeat(50 + random.nextInt(500));
  }
}
