using System;
using System.Globalization;
using System.Threading.Tasks;
using KernelConnector.Tests.Support;
using Xunit;

namespace KernelConnector.Tests.ProcessEvents.Truth;

/// <summary>The C programs the process-truth tests run, compiled with gcc.</summary>
internal static class Programs
{
    /// <summary>Prints its pid and parent's pid, runs 0.3 s, starts a thread that runs 0.3 s, exits 5.</summary>
    public static Task<string> ThreadedAsync() => CProgram.CompileAsync("thrtest", """
        #include <pthread.h>
        #include <stdio.h>
        #include <unistd.h>

        static void *run(void *arg) { (void)arg; usleep(300000); return NULL; }

        int main(void)
        {
            printf("%d %d\n", (int)getpid(), (int)getppid());
            fflush(stdout);
            usleep(300000);
            pthread_t thread;
            if (pthread_create(&thread, NULL, run, NULL) != 0) return 1;
            pthread_join(thread, NULL);
            return 5;
        }
        """);

    /// <summary>
    /// Prints its pid; its main thread starts a thread and ends after 0.1 s (pthread_exit: long
    /// enough for a monitor to read its command line, which the kernel serves only while the
    /// leader lives), and that thread exits the process with status 3 0.3 s after its start.
    /// </summary>
    public static Task<string> LeaderFirstAsync() => CProgram.CompileAsync("leaderfirst", """
        #include <pthread.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <unistd.h>

        static void *run(void *arg) { (void)arg; usleep(300000); exit(3); }

        int main(void)
        {
            printf("%d\n", (int)getpid());
            fflush(stdout);
            pthread_t thread;
            if (pthread_create(&thread, NULL, run, NULL) != 0) return 1;
            usleep(100000);
            pthread_exit(NULL);
        }
        """);

    /// <summary>Prints its pid, starts four threads that sleep, and after 0.2 s exits 2 from main while they run.</summary>
    public static Task<string> ExitGroupAsync() => CProgram.CompileAsync("exitgroup", """
        #include <pthread.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <unistd.h>

        static void *run(void *arg) { (void)arg; sleep(10); return NULL; }

        int main(void)
        {
            printf("%d\n", (int)getpid());
            fflush(stdout);
            for (int i = 0; i < 4; i++)
            {
                pthread_t thread;
                if (pthread_create(&thread, NULL, run, NULL) != 0) return 1;
            }

            usleep(200000);
            exit(2);
        }
        """);

    /// <summary>Prints its pid, stays 0.2 s whatever its arguments, exits 0.</summary>
    public static Task<string> HoldAsync() => CProgram.CompileAsync("hold", """
        #include <stdio.h>
        #include <unistd.h>

        int main(void)
        {
            printf("%d\n", (int)getpid());
            fflush(stdout);
            usleep(200000);
            return 0;
        }
        """);

    /// <summary>
    /// Prints its pid, waits 0.2 s (so that its exec is read under its own name), starts a new
    /// session, renames itself "renamed-proc" (prctl), stays 0.1 s, exits 0.
    /// </summary>
    public static Task<string> RenamerAsync() => CProgram.CompileAsync("renamer", """
        #include <stdio.h>
        #include <sys/prctl.h>
        #include <unistd.h>

        int main(void)
        {
            printf("%d\n", (int)getpid());
            fflush(stdout);
            usleep(200000);
            if (setsid() < 0) { perror("setsid"); return 1; }
            if (prctl(PR_SET_NAME, "renamed-proc", 0, 0, 0) != 0) { perror("prctl"); return 1; }
            usleep(100000);
            return 0;
        }
        """);

    /// <summary>Forks a child that execs /bin/true, and reaps it only after 0.5 s: a zombie meanwhile.</summary>
    public static Task<string> LateReaperAsync() => CProgram.CompileAsync("latereaper", """
        #include <stdio.h>
        #include <sys/wait.h>
        #include <unistd.h>

        int main(void)
        {
            pid_t pid = fork();
            if (pid == 0) { execl("/bin/true", "/bin/true", (char *)NULL); _exit(127); }
            printf("%d\n", (int)pid);
            fflush(stdout);
            usleep(500000);
            int status;
            waitpid(pid, &status, 0);
            return 0;
        }
        """);

    /// <summary>
    /// Forks and execs /bin/true N times, one at a time, each child waited for; prints its own pid
    /// first, then (after the storm, so that printing does not slow it) the pid of every child.
    /// </summary>
    /// <summary>Runs the storm program (<see cref="StormAsync"/>) for <paramref name="count"/> processes; its pid, once it succeeded.</summary>
    public static async Task<int> RunStormAsync(string storm, int count, string directory, TimeSpan timeout)
    {
        var run = await ProcessRunner.RunAsync(storm, [count.ToString(CultureInfo.InvariantCulture)], directory, timeout: timeout);
        Assert.Equal(0, run.ExitCode);
        return int.Parse(run.Output.Split('\n')[0], CultureInfo.InvariantCulture);
    }

    public static Task<string> StormAsync() => CProgram.CompileAsync("storm", """
        #include <stdio.h>
        #include <stdlib.h>
        #include <sys/wait.h>
        #include <unistd.h>

        int main(int argc, char **argv)
        {
            int count = argc > 1 ? atoi(argv[1]) : 20000;
            pid_t *children = calloc(count, sizeof(pid_t));
            if (children == NULL) { perror("calloc"); return 1; }
            printf("%d\n", (int)getpid());
            fflush(stdout);
            for (int i = 0; i < count; i++) {
                pid_t pid = fork();
                if (pid == 0) {
                    execl("/bin/true", "true", (char *)NULL);
                    _exit(127);
                }
                if (pid < 0) { perror("fork"); return 1; }
                children[i] = pid;
                int status;
                waitpid(pid, &status, 0);
                if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) { fprintf(stderr, "child %d failed\n", (int)pid); return 1; }
            }
            for (int i = 0; i < count; i++) {
                printf("%d\n", (int)children[i]);
            }
            return 0;
        }
        """);
}
