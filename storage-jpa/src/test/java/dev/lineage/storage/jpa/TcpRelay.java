package dev.lineage.storage.jpa;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on a local port to a database server, which a test closes to make the database
 * unreachable for a client that reached it before: every relayed connection is cut and new ones
 * are refused, as when the network to the server goes down.
 */
final class TcpRelay implements AutoCloseable {

  private final ServerSocket server;
  private final String host;
  private final int port;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  TcpRelay(String host, int port) throws IOException {
    this.host = host;
    this.port = port;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "relay to " + host + ":" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The local port clients connect to. */
  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(host, port);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread pump = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
          out.write(buffer, 0, read);
          out.flush();
        }
      } catch (IOException e) {
        // the relay or one side closed: the other side sees the connection end
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "relay pump");
    pump.setDaemon(true);
    pump.start();
  }

  /** Cuts every relayed connection and refuses new ones. */
  @Override
  public void close() throws IOException {
    server.close();
    sockets.forEach(TcpRelay::closeQuietly);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a socket that failed already: nothing left to release
    }
  }
}
