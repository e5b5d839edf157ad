/* The process storm of storm.sh and stormload.sh: COUNT times fork, exec /bin/true, wait. */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
int main(int argc, char **argv)
{
    int count = atoi(argv[1]);
    for (int i = 0; i < count; i++) {
        pid_t pid = fork();
        if (pid == 0) { execl("/bin/true", "true", (char *)0); _exit(127); }
        int status; waitpid(pid, &status, 0);
    }
    return 0;
}
