namespace KernelConnector.Benchmarks.EndToEnd;

/// <summary>The C side of the end-to-end benchmark: a sender as fast as it can go, and the plain recv() loop to compare with.</summary>
internal static class CPrograms
{
    // argv: group count. Multicasts `count` connector messages {30, 1} with a 48-byte payload.
    public const string Sender = """
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <sys/socket.h>
        #include <linux/netlink.h>
        #include <linux/connector.h>

        int main(int argc, char **argv)
        {
            unsigned group = atoi(argv[1]);
            long count = atol(argv[2]);
            int s = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_CONNECTOR);
            struct sockaddr_nl me = { .nl_family = AF_NETLINK };
            if (s < 0 || bind(s, (struct sockaddr *)&me, sizeof me) < 0) { perror("socket"); return 1; }
            char buf[NLMSG_SPACE(sizeof(struct cn_msg) + 48)];
            memset(buf, 0, sizeof buf);
            struct nlmsghdr *nh = (struct nlmsghdr *)buf;
            struct cn_msg *msg = NLMSG_DATA(nh);
            nh->nlmsg_len = NLMSG_LENGTH(sizeof(struct cn_msg) + 48);
            nh->nlmsg_type = NLMSG_DONE;
            msg->id.idx = 30; msg->id.val = 1; msg->len = 48;
            struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_groups = 1u << (group - 1) };
            for (long i = 0; i < count; i++) {
                msg->seq = (unsigned)i;
                *(unsigned *)msg->data = 7;
                if (sendto(s, buf, nh->nlmsg_len, 0, (struct sockaddr *)&to, sizeof to) < 0) { perror("sendto"); return 1; }
            }
            return 0;
        }
        """;

    // argv: group count ready-file. Receives until `count` messages or 3 s of silence; prints
    // "received lost overruns cpu_seconds" (CPU from getrusage, user + system).
    // What both C receivers share, so that they differ only in how they call the kernel: the CPU
    // clock, and a socket with an 8 MiB queue on the group, a 3 s receive time-out, ready told.
    private const string ReceiverSetup = """
        #define _GNU_SOURCE
        #include <errno.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <sys/resource.h>
        #include <sys/socket.h>
        #include <sys/time.h>
        #include <unistd.h>
        #include <linux/netlink.h>
        #include <linux/connector.h>

        static double cpu(void)
        {
            struct rusage u; getrusage(RUSAGE_SELF, &u);
            return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
        }

        static int open_receiver(int group, const char *ready_file)
        {
            int s = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_CONNECTOR);
            struct sockaddr_nl me = { .nl_family = AF_NETLINK };
            if (s < 0 || bind(s, (struct sockaddr *)&me, sizeof me) < 0) { perror("socket"); exit(1); }
            int size = 8 << 20;
            setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size);
            setsockopt(s, 270, NETLINK_ADD_MEMBERSHIP, &group, sizeof group);
            struct timeval tv = { 3, 0 };
            setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            FILE *ready = fopen(ready_file, "w"); fputs("ready\n", ready); fclose(ready);
            return s;
        }

        """;

    public const string Receiver = ReceiverSetup + """
        int main(int argc, char **argv)
        {
            int group = atoi(argv[1]);
            long count = atol(argv[2]);
            int s = open_receiver(group, argv[3]);
            char buf[65536];
            long received = 0, overruns = 0; unsigned last = 0; long lost = 0; int first = 1;
            double start = 0;
            while (received < count) {
                int n = recv(s, buf, sizeof buf, 0);
                if (n < 0) {
                    if (errno == ENOBUFS) { overruns++; continue; }
                    break;
                }
                if (first) { start = cpu(); }
                struct cn_msg *msg = NLMSG_DATA((struct nlmsghdr *)buf);
                if (!first && msg->seq != last + 1) lost += (long)(msg->seq - last - 1);
                last = msg->seq; first = 0;
                received++;
            }
            printf("%ld %ld %ld %.6f\n", received, lost, overruns, cpu() - start);
            return 0;
        }
        """;

    // argv: group count ready-file batch [nap-microseconds]. The same as Receiver, but with
    // recvmmsg: up to `batch` datagrams per call (MSG_WAITFORONE: wait for the first, take what
    // else is queued), each into its own 64 KiB buffer, as the KernelConnector loop does. With a
    // nap, it sleeps that long after a batch that did not fill, so that the next one is longer:
    // the "wake less often" lever, measured, not used by the KernelConnector loop. Prints the
    // same line plus the number of calls.
    public const string BatchReceiver = ReceiverSetup + """
        int main(int argc, char **argv)
        {
            int group = atoi(argv[1]);
            long count = atol(argv[2]);
            int batch = atoi(argv[4]);
            int nap = argc > 5 ? atoi(argv[5]) : 0;
            int s = open_receiver(group, argv[3]);
            char *bufs = malloc((size_t)batch * 65536);
            struct mmsghdr *msgs = calloc(batch, sizeof *msgs);
            struct iovec *iov = calloc(batch, sizeof *iov);
            struct sockaddr_nl *from = calloc(batch, sizeof *from);
            for (int i = 0; i < batch; i++) {
                iov[i].iov_base = bufs + (size_t)i * 65536; iov[i].iov_len = 65536;
                msgs[i].msg_hdr.msg_iov = &iov[i]; msgs[i].msg_hdr.msg_iovlen = 1;
                msgs[i].msg_hdr.msg_name = &from[i]; msgs[i].msg_hdr.msg_namelen = sizeof from[i];
            }
            long received = 0, overruns = 0, calls = 0; unsigned last = 0; long lost = 0; int first = 1;
            double start = 0;
            while (received < count) {
                int n = recvmmsg(s, msgs, batch, MSG_WAITFORONE, NULL);
                if (n < 0) {
                    if (errno == ENOBUFS) { overruns++; continue; }
                    break;
                }
                if (first) { start = cpu(); }
                calls++;
                for (int i = 0; i < n; i++) {
                    struct cn_msg *msg = NLMSG_DATA((struct nlmsghdr *)iov[i].iov_base);
                    if (!first && msg->seq != last + 1) lost += (long)(msg->seq - last - 1);
                    last = msg->seq; first = 0;
                    received++;
                }
                if (nap > 0 && n < batch) usleep(nap);
            }
            printf("%ld %ld %ld %.6f %ld\n", received, lost, overruns, cpu() - start, calls);
            return 0;
        }
        """;
}
