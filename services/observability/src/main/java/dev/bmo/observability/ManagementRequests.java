package dev.bmo.observability;

import jakarta.servlet.http.HttpServletRequest;

/** Requests to Actuator are BMO's and the load balancer's, not users': neither timed nor access-logged. */
final class ManagementRequests {

    private ManagementRequests() {
    }

    static boolean is(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/actuator");
    }
}
