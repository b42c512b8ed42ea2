/* Drops a file on an X window the way a file manager does (the XDND
 * protocol, version 5), for the GUI tests: xdotool cannot drag files.
 *
 *   xdnd_drop WINDOW_ID X Y /abs/path.py
 *
 * X, Y are window coordinates. The source side of XDND: own XdndSelection,
 * send XdndEnter (text/uri-list) and XdndPosition, wait for XdndStatus,
 * send XdndDrop, answer the target's SelectionRequest with the file's URI,
 * wait for XdndFinished. Exits 0 when the target finished, 1 otherwise. */
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>

static Display* dpy;
static Window source, target;
static Atom a_selection, a_enter, a_position, a_status, a_drop, a_finished, a_copy, a_uri_list, a_aware;

static void send_client(Atom type, long l1, long l2, long l3, long l4) {
    XEvent e;
    memset(&e, 0, sizeof e);
    e.xclient.type = ClientMessage;
    e.xclient.display = dpy;
    e.xclient.window = target;
    e.xclient.message_type = type;
    e.xclient.format = 32;
    e.xclient.data.l[0] = (long)source;
    e.xclient.data.l[1] = l1;
    e.xclient.data.l[2] = l2;
    e.xclient.data.l[3] = l3;
    e.xclient.data.l[4] = l4;
    XSendEvent(dpy, target, False, NoEventMask, &e);
    XFlush(dpy);
}

/* Next event, or 0 after `seconds`. */
static int next_event(XEvent* e, double seconds) {
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        if (XPending(dpy)) {
            XNextEvent(dpy, e);
            return 1;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        double left = seconds - ((double)(now.tv_sec - start.tv_sec) + (double)(now.tv_nsec - start.tv_nsec) / 1e9);
        if (left <= 0) return 0;
        int fd = ConnectionNumber(dpy);
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(fd, &fds);
        struct timeval tv = {0, 50000};
        select(fd + 1, &fds, NULL, NULL, &tv);
    }
}

int main(int argc, char** argv) {
    if (argc != 5 || argv[4][0] != '/') {
        fprintf(stderr, "usage: xdnd_drop WINDOW_ID X Y /abs/path\n");
        return 2;
    }
    dpy = XOpenDisplay(NULL);
    if (!dpy) {
        fprintf(stderr, "xdnd_drop: cannot open display\n");
        return 2;
    }
    target = (Window)strtoul(argv[1], NULL, 0);
    const int x = atoi(argv[2]), y = atoi(argv[3]);
    char uri[4200];
    snprintf(uri, sizeof uri, "file://%s\r\n", argv[4]);

    a_selection = XInternAtom(dpy, "XdndSelection", False);
    a_enter = XInternAtom(dpy, "XdndEnter", False);
    a_position = XInternAtom(dpy, "XdndPosition", False);
    a_status = XInternAtom(dpy, "XdndStatus", False);
    a_drop = XInternAtom(dpy, "XdndDrop", False);
    a_finished = XInternAtom(dpy, "XdndFinished", False);
    a_copy = XInternAtom(dpy, "XdndActionCopy", False);
    a_uri_list = XInternAtom(dpy, "text/uri-list", False);
    a_aware = XInternAtom(dpy, "XdndAware", False);

    Atom type;
    int format;
    unsigned long n, after;
    unsigned char* data = NULL;
    if (XGetWindowProperty(dpy, target, a_aware, 0, 1, False, AnyPropertyType, &type, &format, &n, &after, &data) != Success ||
        n == 0) {
        fprintf(stderr, "xdnd_drop: the window does not accept drops (no XdndAware)\n");
        return 1;
    }
    XFree(data);

    source = XCreateSimpleWindow(dpy, DefaultRootWindow(dpy), 0, 0, 1, 1, 0, 0, 0);
    XSetSelectionOwner(dpy, a_selection, source, CurrentTime);
    int root_x = 0, root_y = 0;
    Window child;
    XTranslateCoordinates(dpy, target, DefaultRootWindow(dpy), x, y, &root_x, &root_y, &child);

    send_client(a_enter, 5L << 24, (long)a_uri_list, 0, 0);
    send_client(a_position, 0, ((long)root_x << 16) | (root_y & 0xFFFF), CurrentTime, (long)a_copy);

    int dropped = 0, finished = 0;
    XEvent e;
    while (!finished && next_event(&e, 10.0)) {
        if (e.type == ClientMessage && e.xclient.message_type == a_status && !dropped) {
            if (!(e.xclient.data.l[1] & 1)) {
                fprintf(stderr, "xdnd_drop: the window refused the drop\n");
                return 1;
            }
            send_client(a_drop, 0, CurrentTime, 0, 0);
            dropped = 1;
        } else if (e.type == SelectionRequest) {
            XSelectionRequestEvent* r = &e.xselectionrequest;
            XEvent reply;
            memset(&reply, 0, sizeof reply);
            reply.xselection.type = SelectionNotify;
            reply.xselection.display = dpy;
            reply.xselection.requestor = r->requestor;
            reply.xselection.selection = r->selection;
            reply.xselection.target = r->target;
            reply.xselection.time = r->time;
            reply.xselection.property = None;
            if (r->target == a_uri_list) {
                XChangeProperty(dpy, r->requestor, r->property, a_uri_list, 8, PropModeReplace, (unsigned char*)uri,
                                (int)strlen(uri));
                reply.xselection.property = r->property;
            }
            XSendEvent(dpy, r->requestor, False, NoEventMask, &reply);
            XFlush(dpy);
        } else if (e.type == ClientMessage && e.xclient.message_type == a_finished) {
            finished = 1;
        }
    }
    XCloseDisplay(dpy);
    if (!finished) fprintf(stderr, "xdnd_drop: the drop did not finish (dropped: %d)\n", dropped);
    return finished ? 0 : 1;
}
