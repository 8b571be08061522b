package dev.mailharden.core.connect;

import java.io.EOFException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * The user's ssh-agent over its UNIX socket ({@code SSH_AUTH_SOCK}), with the JDK's own
 * UNIX-domain channels: MINA's built-in agent client needs Tomcat's native APR library.
 * MINA builds and parses the agent messages; this class only carries them.
 */
final class UnixSocketAgent extends AbstractAgentProxy {

  private final SocketChannel channel;

  UnixSocketAgent(Path socket) throws IOException {
    super(null);
    channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
  }

  /** Sends one length-prefixed request, returns the reply's payload (type byte first). */
  @Override
  protected synchronized Buffer request(Buffer buffer) throws IOException {
    channel.write(ByteBuffer.wrap(buffer.array(), buffer.rpos(), buffer.available()));
    ByteBuffer length = readFully(4);
    return new ByteArrayBuffer(readFully(length.getInt()).array());
  }

  private ByteBuffer readFully(int n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n);
    while (b.hasRemaining()) {
      if (channel.read(b) < 0) {
        throw new EOFException("ssh-agent closed the connection");
      }
    }
    return b.flip();
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public void close() throws IOException {
    super.close();
    channel.close();
  }

  /** Gives each session its own agent connection; forwarding to hosts is not offered. */
  static final class Factory implements SshAgentFactory {
    private final Path socket;

    Factory(Path socket) {
      this.socket = socket;
    }

    @Override
    public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
      return List.of();
    }

    @Override
    public SshAgent createClient(Session session, FactoryManager manager) throws IOException {
      return new UnixSocketAgent(socket);
    }

    @Override
    public SshAgentServer createServer(ConnectionService service) {
      throw new UnsupportedOperationException("mailharden does not forward its agent");
    }
  }
}
